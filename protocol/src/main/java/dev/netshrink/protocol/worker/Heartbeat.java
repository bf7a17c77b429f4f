package dev.netshrink.protocol.worker;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.wire.Checks;
import dev.netshrink.protocol.wire.Validated;
import java.util.List;

/**
 * A worker's periodic "I am alive" on the workers topic: membership is derived from these. {@code
 * runningJobId} is null when idle; {@code leaving} is set once, on a clean shutdown. A worker that
 * trains a fused pack names every member still in it in {@code packJobIds} (null otherwise), the
 * first of them as {@code runningJobId}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Heartbeat(
    String workerId,
    WorkerRole role,
    String runningJobId,
    String metricsUrl,
    long sentAtMillis,
    boolean leaving,
    List<String> packJobIds)
    implements Validated {

  /** The heartbeat of a worker that runs one job, or none. */
  public Heartbeat(
      String workerId,
      WorkerRole role,
      String runningJobId,
      String metricsUrl,
      long sentAtMillis,
      boolean leaving) {
    this(workerId, role, runningJobId, metricsUrl, sentAtMillis, leaving, null);
  }

  /** Every job the worker runs: the members of its pack, its one job, or none. */
  public List<String> runningJobIds() {
    if (packJobIds != null) {
      return packJobIds;
    }
    return runningJobId == null ? List.of() : List.of(runningJobId);
  }

  /** A worker's id and role, a job id of the trialId#attempt form, a /metrics URL to scrape. */
  @Override
  public void validate() {
    Checks.id(workerId, "workerId");
    Checks.present(role, "role");
    if (runningJobId != null) {
      Checks.id(runningJobId, "runningJobId");
      Checks.atLeast(RunJob.attemptOf(runningJobId), 1, "the attempt of runningJobId");
    }
    if (packJobIds != null) {
      for (String member : packJobIds) {
        Checks.id(member, "a packJobIds entry");
        Checks.atLeast(RunJob.attemptOf(member), 1, "the attempt of a packJobIds entry");
      }
      if (packJobIds.isEmpty() || !packJobIds.get(0).equals(runningJobId)) {
        throw new IllegalArgumentException("packJobIds must start with runningJobId");
      }
    }
    Checks.httpUrl(metricsUrl, "metricsUrl");
    Checks.atLeast(sentAtMillis, 1, "sentAtMillis");
  }
}
