package dev.netshrink.protocol.event;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.netshrink.protocol.wire.Checks;

/** The trial finished; {@code accuracy} is the final test accuracy (NaN for a pruning sweep). */
public record TrialCompleted(
    String eventId,
    @JsonUnwrapped TrialRef ref,
    long atMillis,
    double accuracy,
    long parameters,
    double seconds)
    implements TrialEvent {

  @Override
  public void validate() {
    TrialEvent.super.validate();
    Checks.fractionOrNaN(accuracy, "accuracy");
    Checks.atLeast(parameters, 0, "parameters");
    Checks.nonNegative(seconds, "seconds");
  }
}
