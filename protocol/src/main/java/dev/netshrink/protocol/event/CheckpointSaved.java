package dev.netshrink.protocol.event;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** A checkpoint of the trial's model is on the checkpoints topic, complete, for this epoch. */
public record CheckpointSaved(
    String eventId, @JsonUnwrapped TrialRef ref, long atMillis, int epoch, int chunks, long bytes)
    implements TrialEvent {}
