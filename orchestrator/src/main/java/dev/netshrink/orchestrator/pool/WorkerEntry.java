package dev.netshrink.orchestrator.pool;

import dev.netshrink.protocol.worker.WorkerRole;

/** What the pool remembers of one live worker. */
final class WorkerEntry {

  final String workerId;
  final WorkerRole role;
  long lastSeenMillis;
  String metricsUrl;

  /** The job its last heartbeat named; null when it said it was idle. */
  String reportedJobId;

  /** The job the pool assigned and has not yet seen end; null when free. */
  String assignedJobId;

  long assignedAtMillis;

  /** When the worker last became free (joined, or its job ended), on the JVM's nano clock. */
  long freeSinceNanos = System.nanoTime();

  WorkerEntry(String workerId, WorkerRole role) {
    this.workerId = workerId;
    this.role = role;
  }

  void free() {
    assignedJobId = null;
    freeSinceNanos = System.nanoTime();
  }
}
