package dev.netshrink.workers.prune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.netshrink.workers.model.GradientMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Unstructured magnitude pruning, selecting exactly what PyTorch's {@code
 * torch.nn.utils.prune.l1_unstructured} selects.
 *
 * <p>Count: {@code round(amount * numel)} with Python's round, i.e. half to even ({@code
 * _compute_nparams_toprune}). Choice: the k smallest {@code |w|} as returned by {@code
 * torch.topk(largest=False)}. Ties: PyTorch does not break them by index; its CPU topk leaves equal
 * magnitudes in whatever order {@code std::partial_sort} (when {@code 64k <= numel}) or {@code
 * std::nth_element} (otherwise) produces. Rather than approximate that with an index rule, the mask
 * is computed with the same libtorch kernel, so it matches PyTorch's mask even on ties (see {@code
 * prune_golden.py}).
 */
public final class MagnitudePruning {

  private MagnitudePruning() {}

  /** How many of {@code numel} weights {@code amount} (a fraction in [0, 1]) prunes. */
  public static long prunedCount(double amount, long numel) {
    if (!(amount >= 0 && amount <= 1)) {
      throw new IllegalArgumentException("amount must be a fraction within [0, 1], was " + amount);
    }
    return (long) Math.rint(amount * numel);
  }

  /**
   * The mask {@code l1_unstructured} would apply: float32, shape of {@code weight}, 0 for the
   * pruned weights and 1 elsewhere, attached to {@code weight}'s manager.
   */
  public static NDArray l1Unstructured(NDArray weight, double amount) {
    long numel = weight.size();
    long pruned = prunedCount(amount, numel);
    float[] mask = new float[Math.toIntExact(numel)];
    Arrays.fill(mask, 1f);
    if (pruned > 0) {
      try (GradientMode noGrad = GradientMode.disabled();
          NDArray magnitudes = weight.abs();
          NDArray flat = magnitudes.flatten();
          NDList smallest = flat.topK(Math.toIntExact(pruned), 0, false, true)) {
        for (long index : smallest.get(1).toLongArray()) {
          mask[(int) index] = 0f;
        }
      }
    }
    return weight.getManager().create(mask, weight.getShape());
  }

  /**
   * The masks {@code global_unstructured(..., pruning_method=L1Unstructured, amount)} would apply:
   * the weights of all {@code layers} ranked together by |w|, {@code round(amount * total)} of the
   * smallest pruned, whichever layer they are in (so a layer of small weights may lose most of
   * them). Ties fall as PyTorch's topk over the concatenated, flattened weights leaves them, which
   * is why the same kernel ranks them here. One float32 mask per layer, on its layer's manager.
   */
  public static List<NDArray> globalL1Unstructured(List<NDArray> layers, double amount) {
    long total = layers.stream().mapToLong(NDArray::size).sum();
    long pruned = prunedCount(amount, total);
    float[] mask = new float[Math.toIntExact(total)];
    Arrays.fill(mask, 1f);
    if (pruned > 0) {
      try (GradientMode noGrad = GradientMode.disabled();
          NDManager scope = layers.get(0).getManager().newSubManager()) {
        NDList flat = new NDList();
        for (NDArray layer : layers) {
          NDArray magnitudes = layer.abs().flatten();
          magnitudes.attach(scope);
          flat.add(magnitudes);
        }
        NDArray all = NDArrays.concat(flat);
        all.attach(scope);
        NDList smallest = all.topK(Math.toIntExact(pruned), 0, false, true);
        smallest.attach(scope);
        for (long index : smallest.get(1).toLongArray()) {
          mask[(int) index] = 0f;
        }
      }
    }
    List<NDArray> masks = new ArrayList<>();
    int from = 0;
    for (NDArray layer : layers) {
      int size = Math.toIntExact(layer.size());
      masks.add(
          layer.getManager().create(Arrays.copyOfRange(mask, from, from + size), layer.getShape()));
      from += size;
    }
    return masks;
  }

  /**
   * Prunes every convolution weight of {@code block} in place, each layer by {@code amount} of its
   * own weights (layer-wise, like calling {@code l1_unstructured} on each conv module).
   *
   * @return the convolution weights that are non-zero afterwards
   */
  public static long pruneConvWeights(Block block, double amount) {
    long nonZero = 0;
    for (Parameter parameter : ConvWeights.of(block)) {
      nonZero += prune(parameter.getArray(), parameter.getArray(), amount);
    }
    return nonZero;
  }

  /**
   * Writes {@code source} with {@code amount} of it pruned into {@code target} (the same array, or
   * a parameter being restored from a saved copy).
   *
   * @return the non-zero weights of {@code target} afterwards
   */
  static long prune(NDArray source, NDArray target, double amount) {
    try (GradientMode noGrad = GradientMode.disabled();
        NDArray mask = l1Unstructured(source, amount);
        NDArray pruned = source.mul(mask)) {
      overwrite(target, pruned);
      return countNonZero(target);
    }
  }

  /** Copies {@code values} into the storage of {@code target} (a trainable parameter). */
  static void overwrite(NDArray target, NDArray values) {
    // In-place writes to a leaf that requires grad are only legal with autograd off.
    try (GradientMode noGrad = GradientMode.disabled()) {
      target.set(new NDIndex("..."), values);
    }
  }

  static long countNonZero(NDArray array) {
    try (GradientMode noGrad = GradientMode.disabled();
        NDArray count = array.countNonzero()) {
      return count.getLong();
    }
  }
}
