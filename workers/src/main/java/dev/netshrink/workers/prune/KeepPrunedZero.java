package dev.netshrink.workers.prune;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.netshrink.workers.model.GradientMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Re-applies pruning masks after every optimizer step, so that fine-tuning a masked network trains
 * only the weights that survived (what {@code torch.nn.utils.prune}'s forward pre-hook achieves by
 * multiplying with {@code weight_mask}).
 */
public final class KeepPrunedZero implements Consumer<Block> {

  private final List<float[]> masks;
  private List<NDArray> arrays;

  /** One mask per convolution weight, in {@link ConvWeights} order. */
  public KeepPrunedZero(List<float[]> masks) {
    this.masks = List.copyOf(masks);
  }

  /** The masks of a pruned block: 1 where a convolution weight is non-zero. */
  public static List<float[]> masksOf(Block block) {
    List<float[]> masks = new ArrayList<>();
    for (Parameter weight : ConvWeights.of(block)) {
      float[] values = weight.getArray().toFloatArray();
      float[] mask = new float[values.length];
      for (int i = 0; i < values.length; i++) {
        mask[i] = values[i] == 0f ? 0f : 1f;
      }
      masks.add(mask);
    }
    return masks;
  }

  @Override
  public void accept(Block block) {
    List<Parameter> weights = ConvWeights.of(block);
    if (arrays == null) {
      arrays = new ArrayList<>();
      for (int i = 0; i < weights.size(); i++) {
        NDArray weight = weights.get(i).getArray();
        arrays.add(weight.getManager().create(masks.get(i), weight.getShape()));
      }
    }
    try (GradientMode noGrad = GradientMode.disabled()) {
      for (int i = 0; i < weights.size(); i++) {
        weights.get(i).getArray().muli(arrays.get(i));
      }
    }
  }
}
