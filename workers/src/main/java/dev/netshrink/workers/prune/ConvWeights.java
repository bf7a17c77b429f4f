package dev.netshrink.workers.prune;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the weight tensors of every convolution in a network (depthwise and pointwise included).
 */
public final class ConvWeights {

  private ConvWeights() {}

  /** Convolution weights in network order; BatchNorm, linear layers and biases are left out. */
  public static List<Parameter> of(Block block) {
    List<Parameter> weights = new ArrayList<>();
    collect(block, weights);
    return weights;
  }

  /** How many convolution weights the network has, zeros included. */
  public static long count(Block block) {
    return of(block).stream().mapToLong(p -> p.getArray().size()).sum();
  }

  private static void collect(Block block, List<Parameter> weights) {
    if (block instanceof Convolution) {
      for (Pair<String, Parameter> entry : block.getParameters()) {
        if (entry.getValue().getType() == Parameter.Type.WEIGHT) {
          weights.add(entry.getValue());
        }
      }
      return;
    }
    for (Pair<String, Block> child : block.getChildren()) {
      collect(child.getValue(), weights);
    }
  }
}
