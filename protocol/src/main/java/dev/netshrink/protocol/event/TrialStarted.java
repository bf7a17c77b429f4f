package dev.netshrink.protocol.event;

/** A worker accepted a job and began it. */
public record TrialStarted(String eventId, String campaignId, String trialId, String jobId,
    String workerId, long atMillis, int attempt) implements TrialEvent {}
