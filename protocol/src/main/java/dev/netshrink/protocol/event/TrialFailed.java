package dev.netshrink.protocol.event;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.netshrink.protocol.wire.Checks;

/** The attempt failed; {@code reason} is what a user needs to see (exception and message). */
public record TrialFailed(String eventId, @JsonUnwrapped TrialRef ref, long atMillis, String reason)
    implements TrialEvent {

  @Override
  public void validate() {
    TrialEvent.super.validate();
    Checks.present(reason, "reason");
  }
}
