package dev.netshrink.protocol.event;

/** The attempt failed; {@code reason} is what a user needs to see (exception and message). */
public record TrialFailed(String eventId, String campaignId, String trialId, String jobId,
    String workerId, long atMillis, String reason) implements TrialEvent {}
