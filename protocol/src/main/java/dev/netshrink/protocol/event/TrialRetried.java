package dev.netshrink.protocol.event;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.netshrink.protocol.wire.Checks;

/**
 * The attempt {@code ref().jobId()} failed, or was {@code lost} with its worker (then it does not
 * count against the trial's failures), and the trial will run again; {@code reason} is the worker's
 * failure or why the job was lost. Logs written before {@code lost} existed read false.
 */
public record TrialRetried(
    String eventId, @JsonUnwrapped TrialRef ref, long atMillis, String reason, boolean lost)
    implements TrialDecision {

  @Override
  public void validate() {
    TrialDecision.super.validate();
    Checks.present(reason, "reason");
  }
}
