package dev.netshrink.protocol.event;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** The trial finished; {@code accuracy} is the final test accuracy (NaN for a pruning sweep). */
public record TrialCompleted(
    String eventId,
    @JsonUnwrapped TrialRef ref,
    long atMillis,
    double accuracy,
    long parameters,
    double seconds)
    implements TrialEvent {}
