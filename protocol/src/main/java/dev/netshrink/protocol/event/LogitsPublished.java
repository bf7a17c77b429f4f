package dev.netshrink.protocol.event;

/** The teacher's training-set logits are on the logits topic under {@code logitsKey}. */
public record LogitsPublished(String eventId, String campaignId, String trialId, String jobId,
    String workerId, long atMillis, String logitsKey, int images, int classes, String precision,
    int blocks, long bytes) implements TrialEvent {}
