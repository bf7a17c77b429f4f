package dev.netshrink.protocol.event;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** A worker accepted a job and began it. */
public record TrialStarted(String eventId, @JsonUnwrapped TrialRef ref, long atMillis, int attempt)
    implements TrialEvent {}
