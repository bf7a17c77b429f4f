package dev.netshrink.protocol.event;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.netshrink.protocol.wire.Checks;

/** The pruner measured one point of the sweep; the point's fields travel flat in the event. */
public record PrunePointMeasured(
    String eventId, @JsonUnwrapped TrialRef ref, long atMillis, @JsonUnwrapped PrunePoint point)
    implements TrialEvent {

  @Override
  public void validate() {
    TrialEvent.super.validate();
    Checks.present(point, "the point").validate();
  }
}
