package dev.netshrink.protocol.event;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** The pruner measured one point of the sweep; the point's fields travel flat in the event. */
public record PrunePointMeasured(
    String eventId, @JsonUnwrapped TrialRef ref, long atMillis, @JsonUnwrapped PrunePoint point)
    implements TrialEvent {}
