package dev.netshrink.protocol.event;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.netshrink.protocol.wire.Checks;

/**
 * The trial ends here, stopped ({@code cause}) after {@code epoch} epochs (0: before it trained
 * any): its running attempt, {@code ref().jobId()} (null for a trial that never ran), is told to
 * stop, and what it reports later changes nothing. {@code reason} says why, with the figures the
 * rule compared.
 */
public record TrialStopped(
    String eventId,
    @JsonUnwrapped TrialRef ref,
    long atMillis,
    StopCause cause,
    int epoch,
    String reason)
    implements TrialDecision {

  @Override
  public void validate() {
    Checks.id(eventId, "eventId");
    Checks.present(ref, "the trial's ids").validateDecided(false);
    Checks.atLeast(atMillis, 1, "atMillis");
    Checks.present(cause, "cause");
    Checks.atLeast(epoch, 0, "epoch");
    Checks.present(reason, "reason");
  }
}
