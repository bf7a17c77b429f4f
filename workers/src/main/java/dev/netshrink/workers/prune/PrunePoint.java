package dev.netshrink.workers.prune;

/** Accuracy of a network after pruning {@code ratio} of every convolution's weights. */
public record PrunePoint(double ratio, double accuracy, long nonZeroConvWeights, long totalConvWeights) {

  /** Fraction of convolution weights that are zero (slightly differs from ratio by rounding per layer). */
  public double sparsity() {
    return totalConvWeights == 0 ? 0 : 1 - (double) nonZeroConvWeights / totalConvWeights;
  }
}
