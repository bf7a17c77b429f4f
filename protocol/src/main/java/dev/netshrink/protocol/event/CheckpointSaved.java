package dev.netshrink.protocol.event;

/** A checkpoint of the trial's model is on the checkpoints topic, complete, for this epoch. */
public record CheckpointSaved(String eventId, String campaignId, String trialId, String jobId,
    String workerId, long atMillis, int epoch, int chunks, long bytes) implements TrialEvent {}
