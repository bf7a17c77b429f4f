package dev.netshrink.protocol.view;

/** One row of the pruning table; latency is the median seconds per batch of latencyBatchSize. */
public record PrunePointView(String model, String method, double ratio, double accuracy,
    long nonZeroWeights, long prunableWeights, long parameters, double latencySeconds,
    int latencyBatchSize, long macs, double fineTunedAccuracy) {}
