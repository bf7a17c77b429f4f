package dev.netshrink.protocol.worker;

import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.wire.Checks;
import dev.netshrink.protocol.wire.Validated;

/**
 * A worker's periodic "I am alive" on the workers topic: membership is derived from these. {@code
 * runningJobId} is null when idle; {@code leaving} is set once, on a clean shutdown.
 */
public record Heartbeat(
    String workerId,
    WorkerRole role,
    String runningJobId,
    String metricsUrl,
    long sentAtMillis,
    boolean leaving)
    implements Validated {

  /** A worker's id and role, a job id of the trialId#attempt form, a /metrics URL to scrape. */
  @Override
  public void validate() {
    Checks.id(workerId, "workerId");
    Checks.present(role, "role");
    if (runningJobId != null) {
      Checks.id(runningJobId, "runningJobId");
      Checks.atLeast(RunJob.attemptOf(runningJobId), 1, "the attempt of runningJobId");
    }
    Checks.httpUrl(metricsUrl, "metricsUrl");
    Checks.atLeast(sentAtMillis, 1, "sentAtMillis");
  }
}
