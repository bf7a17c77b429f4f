package dev.netshrink.protocol.event;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.netshrink.protocol.wire.Checks;

/**
 * Coarse progress inside a long phase (training batches, logits, sweep points), sent at most every
 * few seconds so progress bars move without flooding the events topic.
 */
public record TrainingProgressed(
    String eventId, @JsonUnwrapped TrialRef ref, long atMillis, String phase, long done, long total)
    implements TrialEvent {

  @Override
  public void validate() {
    TrialEvent.super.validate();
    Checks.id(phase, "phase");
    Checks.atLeast(done, 0, "done");
    Checks.atLeast(total, done, "total");
  }
}
