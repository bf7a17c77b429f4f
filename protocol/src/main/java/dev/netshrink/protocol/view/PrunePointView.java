package dev.netshrink.protocol.view;

/** One row of the pruning table. */
public record PrunePointView(String model, String method, double ratio, double accuracy,
    long nonZeroWeights, long prunableWeights) {}
