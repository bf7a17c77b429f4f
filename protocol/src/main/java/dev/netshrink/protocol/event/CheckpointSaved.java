package dev.netshrink.protocol.event;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.netshrink.protocol.wire.Checks;

/** A checkpoint of the trial's model is on the checkpoints topic, complete, for this epoch. */
public record CheckpointSaved(
    String eventId, @JsonUnwrapped TrialRef ref, long atMillis, int epoch, int chunks, long bytes)
    implements TrialEvent {

  @Override
  public void validate() {
    TrialEvent.super.validate();
    Checks.atLeast(epoch, 0, "epoch");
    Checks.atLeast(chunks, 1, "chunks");
    Checks.atLeast(bytes, 0, "bytes");
  }
}
