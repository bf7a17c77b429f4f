package dev.netshrink.protocol.event;

import dev.netshrink.protocol.job.JobIds;
import dev.netshrink.protocol.wire.Checks;

/**
 * Which attempt of which trial an event is about, and who reported it: the envelope every trial
 * event carries (flat on the wire). {@code workerId} is null for the orchestrator's decisions.
 */
public record TrialRef(String campaignId, String trialId, String jobId, String workerId) {

  /** The envelope of what a worker reported: every id present, the job an attempt of the trial. */
  public void validateReported() {
    validateIds(true);
    Checks.id(workerId, "workerId");
  }

  /**
   * The envelope of an orchestrator's decision: no worker; {@code jobRequired} false for a trial
   * given up before it ever ran.
   */
  public void validateDecided(boolean jobRequired) {
    validateIds(jobRequired);
    if (workerId != null) {
      throw new IllegalArgumentException("workerId must be absent in the orchestrator's decision");
    }
  }

  /** The attempt number of {@code jobId}. */
  public int attempt() {
    return JobIds.attemptOf(jobId);
  }

  private void validateIds(boolean jobRequired) {
    Checks.id(campaignId, "campaignId");
    Checks.id(trialId, "trialId");
    if (!trialId.startsWith(campaignId + "/")) {
      throw new IllegalArgumentException("trialId must start with its campaign id and '/'");
    }
    if (jobId != null || jobRequired) {
      Checks.id(jobId, "jobId");
      if (attempt() < 1 || !jobId.equals(JobIds.of(trialId, attempt()))) {
        throw new IllegalArgumentException("jobId must be trialId#attempt, attempt 1 or more");
      }
    }
  }
}
