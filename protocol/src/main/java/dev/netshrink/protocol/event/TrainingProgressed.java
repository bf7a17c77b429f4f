package dev.netshrink.protocol.event;

/**
 * Coarse progress inside a long phase (training batches, logits, sweep points), sent at most
 * every few seconds so progress bars move without flooding the events topic.
 */
public record TrainingProgressed(String eventId, String campaignId, String trialId,
    String jobId, String workerId, long atMillis, String phase, long done, long total)
    implements TrialEvent {}
