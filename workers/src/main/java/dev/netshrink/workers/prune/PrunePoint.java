package dev.netshrink.workers.prune;

import dev.netshrink.workers.eval.InferenceLatency.Latency;

/**
 * A network after pruning {@code ratio} of every convolution's weights: its accuracy, what is left
 * of it, and how long one inference batch takes.
 *
 * @param nonZeroParameters trainable parameters still non-zero in the whole network
 * @param macs multiply-accumulates per image as the network runs (masked zeros included)
 * @param fineTunedAccuracy accuracy after fine-tuning, NaN when not fine-tuned
 */
public record PrunePoint(double ratio, double accuracy, long nonZeroConvWeights,
    long totalConvWeights, long nonZeroParameters, Latency latency, long macs,
    double fineTunedAccuracy) {

  /** Fraction of convolution weights that are zero (slightly differs from ratio by rounding per layer). */
  public double sparsity() {
    return totalConvWeights == 0 ? 0 : 1 - (double) nonZeroConvWeights / totalConvWeights;
  }
}
