package dev.netshrink.protocol.event;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** The teacher's training-set logits are on the logits topic under {@code logitsKey}. */
public record LogitsPublished(
    String eventId,
    @JsonUnwrapped TrialRef ref,
    long atMillis,
    String logitsKey,
    int images,
    int classes,
    String precision,
    int blocks,
    long bytes)
    implements TrialEvent {}
