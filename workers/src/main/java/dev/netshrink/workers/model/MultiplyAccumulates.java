package dev.netshrink.workers.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;

/**
 * Multiply-accumulate operations of one forward pass over one image, the usual measure of a
 * network's compute ("FLOPs" in most papers are these MACs): every output element of a convolution
 * costs {@code (inChannels / groups) x kernel area} of them, a linear layer one per weight.
 * BatchNorm, ReLU and pooling are left out, as thop and ptflops leave them out by default; they are
 * a few percent of a conv network's work.
 */
public final class MultiplyAccumulates {

  private MultiplyAccumulates() {}

  /** MACs of an initialized network for one image of {@code input} = (1, C, H, W). */
  public static long of(Block block, Shape input) {
    long[] total = {0};
    walk(block, input, total);
    return total[0];
  }

  private static Shape walk(Block block, Shape input, long[] total) {
    if (block instanceof SequentialBlock) {
      Shape shape = input;
      for (Pair<String, Block> child : block.getChildren()) {
        shape = walk(child.getValue(), shape, total);
      }
      return shape;
    }
    if (block instanceof ParallelBlock) {
      // a residual block: every branch sees the same input (the add itself costs no MACs)
      for (Pair<String, Block> branch : block.getChildren()) {
        walk(branch.getValue(), input, total);
      }
      return block.getOutputShapes(new Shape[] {input})[0];
    }
    Shape output = block.getOutputShapes(new Shape[] {input})[0];
    if (block instanceof Convolution || block instanceof Linear) {
      long weights = 0;
      for (Pair<String, Parameter> p : block.getDirectParameters()) {
        if (p.getValue().getType() == Parameter.Type.WEIGHT) {
          weights += p.getValue().getArray().getShape().size();
        }
      }
      long positions =
          block instanceof Convolution
              ? output.size() / (output.get(0) * output.get(1))
              : output.get(0);
      total[0] += weights * positions;
    }
    return output;
  }
}
