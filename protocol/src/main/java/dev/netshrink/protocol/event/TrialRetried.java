package dev.netshrink.protocol.event;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.netshrink.protocol.wire.Checks;

/**
 * The attempt {@code ref().jobId()} failed or its worker was lost, and the trial will run again;
 * {@code reason} is the worker's failure or why the job was lost.
 */
public record TrialRetried(
    String eventId, @JsonUnwrapped TrialRef ref, long atMillis, String reason)
    implements TrialDecision {

  @Override
  public void validate() {
    TrialDecision.super.validate();
    Checks.present(reason, "reason");
  }
}
