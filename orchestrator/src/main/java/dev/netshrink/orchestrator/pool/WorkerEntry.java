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

  /** Heartbeats in a row that named another job than the assigned one (or none). */
  int mismatchedHeartbeats;

  /**
   * A job its heartbeats name that the pool did not give it: an attempt retried elsewhere while the
   * worker was paused or cut off, or (after a restart) one the log has yet to name. The worker gets
   * no work while it runs one.
   */
  String strayJobId;

  long straySinceMillis;

  /** When it was last told to stop its stray job; 0 if never. Told again every timeout. */
  long strayStopSentMillis;

  /** When the worker last became free (joined, or its job ended), on the JVM's nano clock. */
  long freeSinceNanos = System.nanoTime();

  WorkerEntry(String workerId, WorkerRole role) {
    this.workerId = workerId;
    this.role = role;
  }

  void free() {
    assignedJobId = null;
    mismatchedHeartbeats = 0;
    freeSinceNanos = System.nanoTime();
  }

  /** Free, and not busy with a job nobody gave it. */
  boolean canTakeAJob() {
    return assignedJobId == null && strayJobId == null;
  }
}
