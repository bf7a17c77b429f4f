package dev.netshrink.protocol.event;

/** The trial finished; {@code accuracy} is the final test accuracy (NaN for a pruning sweep). */
public record TrialCompleted(String eventId, String campaignId, String trialId, String jobId,
    String workerId, long atMillis, double accuracy, long parameters, double seconds)
    implements TrialEvent {}
