package dev.netshrink.protocol.event;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** The attempt failed; {@code reason} is what a user needs to see (exception and message). */
public record TrialFailed(String eventId, @JsonUnwrapped TrialRef ref, long atMillis, String reason)
    implements TrialEvent {}
