package dev.netshrink.protocol.event;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.netshrink.protocol.wire.Checks;

/**
 * A user had the failed or stopped trial run again: it waits to be queued, its next attempt
 * resuming from its last checkpoint, with its failure and loss limits counted afresh. {@code
 * ref().jobId()} is the attempt that had ended (null: it never ran).
 */
public record TrialReopened(
    String eventId, @JsonUnwrapped TrialRef ref, long atMillis, String reason)
    implements TrialDecision {

  @Override
  public void validate() {
    Checks.id(eventId, "eventId");
    Checks.present(ref, "the trial's ids").validateDecided(false);
    Checks.atLeast(atMillis, 1, "atMillis");
    Checks.present(reason, "reason");
  }
}
