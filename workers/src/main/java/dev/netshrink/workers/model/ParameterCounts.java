package dev.netshrink.workers.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/** Counts an initialized block's parameters the way torchsummary does. */
public final class ParameterCounts {

  private ParameterCounts() {}

  /**
   * Elements of all trainable parameters. DJL lists BatchNorm's running mean and variance as
   * parameters too, but with gradients off; PyTorch keeps them as buffers and does not count them.
   */
  public static long trainable(Block block) {
    long total = 0;
    for (Pair<String, Parameter> entry : block.getParameters()) {
      Parameter parameter = entry.getValue();
      if (parameter.requiresGradient()) {
        total += parameter.getArray().getShape().size();
      }
    }
    return total;
  }

  /** Trainable parameters that are not zero: what is left to compute with after pruning. */
  public static long nonZeroTrainable(Block block) {
    long total = 0;
    try (GradientMode noGrad = GradientMode.disabled()) {
      for (Pair<String, Parameter> entry : block.getParameters()) {
        Parameter parameter = entry.getValue();
        if (parameter.requiresGradient()) {
          try (NDArray count = parameter.getArray().countNonzero()) {
            total += count.getLong();
          }
        }
      }
    }
    return total;
  }
}
