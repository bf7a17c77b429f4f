package dev.netshrink.protocol.event;

/** One point of the pruning sweep: accuracy of {@code model} with {@code ratio} pruned away. */
public record PrunePointMeasured(String eventId, String campaignId, String trialId,
    String jobId, String workerId, long atMillis, String model, String method, double ratio,
    double accuracy, long nonZeroWeights, long prunableWeights) implements TrialEvent {}
