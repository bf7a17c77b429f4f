package dev.netshrink.protocol.event;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** A new attempt of the trial was queued for a worker: {@code ref().jobId()} is trialId#attempt. */
public record TrialQueued(String eventId, @JsonUnwrapped TrialRef ref, long atMillis, int attempt)
    implements TrialDecision {}
