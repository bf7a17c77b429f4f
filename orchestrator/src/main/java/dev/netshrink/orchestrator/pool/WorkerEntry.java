package dev.netshrink.orchestrator.pool;

import dev.netshrink.protocol.view.WorkerView;
import dev.netshrink.protocol.worker.WorkerRole;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What the pool remembers of one live worker. */
final class WorkerEntry {

  final String workerId;
  final WorkerRole role;
  long lastSeenMillis;
  String metricsUrl;

  /** The jobs its last heartbeat named (a pack's members, one job, or none). */
  List<String> reportedJobIds = List.of();

  /**
   * The jobs the pool assigned and has not yet seen end: one, or the members of a fused pack; empty
   * when free.
   */
  final Set<String> assigned = new LinkedHashSet<>();

  long assignedAtMillis;

  /** Heartbeats in a row that missed an assigned job. */
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

  /** The first job it was given and runs, for views; null when free. */
  String assignedJobId() {
    return assigned.isEmpty() ? null : assigned.iterator().next();
  }

  WorkerView view(long nowMillis) {
    return new WorkerView(
        workerId,
        role.wireName(),
        assigned.isEmpty() ? null : String.join(", ", assigned),
        nowMillis - lastSeenMillis,
        metricsUrl);
  }

  void free() {
    assigned.clear();
    mismatchedHeartbeats = 0;
    freeSinceNanos = System.nanoTime();
  }

  /** Free, and not busy with a job nobody gave it. */
  boolean canTakeAJob() {
    return assigned.isEmpty() && strayJobId == null;
  }
}
