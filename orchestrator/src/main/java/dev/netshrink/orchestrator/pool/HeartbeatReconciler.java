package dev.netshrink.orchestrator.pool;

import dev.netshrink.protocol.job.Assignment;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Holds what a worker says it runs against what it was given. A job it was given and does not run
 * (it restarted under the same id, or refused the job while busy) is lost once {@link
 * #MISMATCH_LIMIT} heartbeats in a row said so and a heartbeat timeout has passed since the
 * assignment: heartbeats sent before the worker read it, or held up with it, say nothing. A job it
 * runs that nobody gave it is told to stop once it is known to be dead: the pool lost it (its
 * worker was paused or cut off past the timeout, and the trial runs again elsewhere), or no
 * campaign claimed it within a heartbeat timeout (after a restart, the replayed log claims the jobs
 * still alive at once). Until the worker reports it stopped, it gets no work.
 */
final class HeartbeatReconciler {

  /** Heartbeats in a row that must miss an assigned job before it counts as lost. */
  static final int MISMATCH_LIMIT = 3;

  /** Jobs a worker was given and, its heartbeats say, does not run: lost, for {@code reason}. */
  record Missing(List<String> jobIds, String reason) {}

  private final StrayJobs strays;
  private final AssignmentSender sender;
  private final long timeoutMillis;
  private final Logger log;

  HeartbeatReconciler(StrayJobs strays, AssignmentSender sender, long timeoutMillis, Logger log) {
    this.strays = strays;
    this.sender = sender;
    this.timeoutMillis = timeoutMillis;
    this.log = log;
  }

  /**
   * Compares {@code w}'s last heartbeat with its assignment: tells it to stop a dead stray job, and
   * returns the assigned jobs to count as lost, if any. The caller loses them.
   */
  Optional<Missing> reconcile(WorkerEntry w, long now) {
    List<String> reported =
        w.reportedJobIds.stream().map(strays::running).filter(Objects::nonNull).toList();
    watchStray(
        w, reported.stream().filter(id -> !w.assigned.contains(id)).findFirst().orElse(null), now);
    List<String> missing = w.assigned.stream().filter(id -> !reported.contains(id)).toList();
    if (missing.isEmpty()) {
      w.mismatchedHeartbeats = 0;
      return Optional.empty();
    }
    if (++w.mismatchedHeartbeats < MISMATCH_LIMIT || now - w.assignedAtMillis <= timeoutMillis) {
      return Optional.empty();
    }
    w.mismatchedHeartbeats = 0;
    String reason =
        "worker "
            + w.workerId
            + (reported.isEmpty() ? " reports no job" : " is busy with " + reported.get(0))
            + ", not "
            + missing.get(0);
    log.warn("{}: the job is lost", reason);
    return Optional.of(new Missing(missing, reason));
  }

  private void watchStray(WorkerEntry w, String stray, long now) {
    if (stray == null) {
      w.strayJobId = null;
      return;
    }
    if (!stray.equals(w.strayJobId)) {
      w.strayJobId = stray;
      w.straySinceMillis = now;
      w.strayStopSentMillis = 0;
    }
    boolean dead = strays.dead(stray, w.straySinceMillis, now);
    // told again every timeout: a worker that missed the first StopJob must not run on for ever
    if (dead && (w.strayStopSentMillis == 0 || now - w.strayStopSentMillis > timeoutMillis)) {
      w.strayStopSentMillis = now;
      log.warn("worker {} runs {}, which it was not given: told to stop", w.workerId, stray);
      sender.send(
          w.workerId,
          new Assignment.StopJob(
              stray, "not assigned to " + w.workerId + ": the trial runs in another attempt"));
    }
  }
}
