package dev.netshrink.protocol.event;

import dev.netshrink.protocol.spec.ModelRole;
import dev.netshrink.protocol.spec.PruningMethod;

/**
 * One point of a pruning sweep, as measured and as shown: {@code model} with {@code ratio} pruned
 * away by {@code method}. {@code nonZeroWeights} of {@code prunableWeights} are the convolution
 * weights left; {@code parameters} counts the trainable parameters still non-zero (the whole model,
 * BatchNorm and linear layers included); {@code latencySeconds} is the median inference time of one
 * batch of {@code latencyBatchSize} images; {@code macs} the multiply-accumulates one image costs
 * as the network actually runs (a masked network still computes its zeros); {@code
 * fineTunedAccuracy} the accuracy after fine-tuning, NaN when the spec asks for none.
 */
public record PrunePoint(
    ModelRole model,
    PruningMethod method,
    double ratio,
    double accuracy,
    long nonZeroWeights,
    long prunableWeights,
    long parameters,
    double latencySeconds,
    int latencyBatchSize,
    long macs,
    double fineTunedAccuracy) {}
