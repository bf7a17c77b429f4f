package dev.netshrink.orchestrator.pool;

import dev.netshrink.protocol.kafka.RecentIds;

/**
 * What the pool knows to tell a stray job (one a worker runs but was not given) from a live one:
 * the jobs that ended lately, the jobs it reported lost, and whether the campaigns have replayed
 * the log yet. Bounded: old ids are forgotten first.
 */
final class StrayJobs {

  /** A heartbeat sent just before a job's end still names it: that worker is not busy. */
  private final RecentIds ended = new RecentIds(10_000);

  /** A worker that still runs a job this pool reported lost is told to stop at once. */
  private final RecentIds lost = new RecentIds(10_000);

  private final long timeoutMillis;

  /** When the campaigns finished replaying the log, on the pool's clock; -1 until then. */
  private long replayedAtMillis = -1;

  StrayJobs(long timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
  }

  void ended(String jobId) {
    ended.firstTime(jobId);
  }

  void lost(String jobId) {
    lost.firstTime(jobId);
  }

  void logReplayed(long nowMillis) {
    replayedAtMillis = nowMillis;
  }

  boolean logReplayed() {
    return replayedAtMillis >= 0;
  }

  /** The job a heartbeat names, as the pool reads it: none if it already ended. */
  String running(String reportedJobId) {
    return reportedJobId != null && ended.contains(reportedJobId) ? null : reportedJobId;
  }

  /**
   * Whether a worker that has run stray {@code jobId} since {@code sinceMillis} must stop it: this
   * pool lost it, or no campaign claimed it within a timeout after the log was replayed (the
   * replayed log claims the jobs still alive at once; heartbeats arrive while it replays).
   */
  boolean dead(String jobId, long sinceMillis, long nowMillis) {
    boolean unclaimed =
        replayedAtMillis >= 0
            && nowMillis - Math.max(sinceMillis, replayedAtMillis) > timeoutMillis;
    return lost.contains(jobId) || unclaimed;
  }
}
