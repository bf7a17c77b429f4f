package dev.netshrink.protocol.event;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.netshrink.protocol.wire.Checks;

/**
 * The stopping rule judged the trial at {@code epoch} (a rung) and let it go on; {@code reason} has
 * the figures it compared. Recorded so that a restarted orchestrator judges no rung twice.
 */
public record TrialPromoted(
    String eventId, @JsonUnwrapped TrialRef ref, long atMillis, int epoch, String reason)
    implements TrialDecision {

  @Override
  public void validate() {
    TrialDecision.super.validate();
    Checks.atLeast(epoch, 1, "epoch");
    Checks.present(reason, "reason");
  }
}
