package dev.netshrink.workers.runtime;

import java.util.Map;

/**
 * What a worker's job thread runs: one job, or a fused pack whose members (job id -> its own stop)
 * are still in it, in order; a member leaves the map when it ends.
 */
record RunningJob(String jobId, Cancellation cancellation, Map<String, Cancellation> members) {

  RunningJob(String jobId, Cancellation cancellation) {
    this(jobId, cancellation, null);
  }
}
