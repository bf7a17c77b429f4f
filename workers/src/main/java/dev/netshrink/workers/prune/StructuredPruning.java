package dev.netshrink.workers.prune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.netshrink.workers.model.GradientMode;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Structured channel selection, choosing exactly the output channels that PyTorch's {@code
 * torch.nn.utils.prune.ln_structured(module, 'weight', amount, n, dim=0)} keeps.
 *
 * <p>Count: {@code round(amount * channels)} pruned, Python's round (half to even). Choice: the
 * channels with the largest Ln norm over all other dimensions, as {@code torch.topk(norm, kept,
 * largest=True)} returns them. Ties: as for {@link MagnitudePruning}, PyTorch breaks them in its
 * topk kernel, not by index, so the same libtorch kernel ranks the norms here ({@code
 * structured_golden.py} holds cases where a lowest-index rule would choose differently).
 */
public final class StructuredPruning {

  private StructuredPruning() {}

  /**
   * The output channels (dimension 0) of {@code weight} that {@code ln_structured} keeps after
   * pruning {@code amount} (a fraction) of them, in ascending order; every channel when {@code
   * amount} is 0, none when it is 1.
   *
   * @param norm the norm: 1 (L1) or 2 (L2)
   */
  public static int[] channelsKeptAfterPruning(NDArray weight, double amount, int norm) {
    int channels = Math.toIntExact(weight.getShape().get(0));
    return strongestChannels(
        weight, channels - Math.toIntExact(MagnitudePruning.prunedCount(amount, channels)), norm);
  }

  /**
   * The {@code count} output channels whose summed Ln norms over several coupled weights (all with
   * the same output channels) are largest, ascending: how channels shared by a residual stream are
   * ranked. With one weight this is {@link #strongestChannels}.
   */
  public static int[] strongestChannelsByGroupNorm(List<NDArray> weights, int count, int norm) {
    int channels = Math.toIntExact(weights.get(0).getShape().get(0));
    if (count >= channels) {
      return IntStream.range(0, channels).toArray();
    }
    try (GradientMode noGrad = GradientMode.disabled();
        NDManager scope = weights.get(0).getManager().newSubManager()) {
      NDArray sum = null;
      for (NDArray weight : weights) {
        int[] others = IntStream.range(1, weight.getShape().dimension()).toArray();
        NDArray norms = weight.norm(norm, others, false);
        norms.attach(scope);
        sum = sum == null ? norms : sum.add(norms);
        sum.attach(scope);
      }
      NDList largest = sum.topK(count, 0, true, true);
      largest.attach(scope);
      return Arrays.stream(largest.get(1).toLongArray())
          .mapToInt(Math::toIntExact)
          .sorted()
          .toArray();
    }
  }

  /**
   * The {@code count} output channels of largest Ln norm, ascending (a number of channels to keep,
   * where {@link #channelsKeptAfterPruning} takes the fraction to prune).
   */
  public static int[] strongestChannels(NDArray weight, int count, int norm) {
    if (norm != 1 && norm != 2) {
      throw new IllegalArgumentException("only the L1 and L2 norms are supported, got " + norm);
    }
    int channels = Math.toIntExact(weight.getShape().get(0));
    if (count == channels) {
      return IntStream.range(0, channels).toArray();
    }
    if (count == 0) {
      return new int[0];
    }
    int[] others = IntStream.range(1, weight.getShape().dimension()).toArray();
    try (GradientMode noGrad = GradientMode.disabled();
        NDArray norms = weight.norm(norm, others, false);
        NDList largest = norms.topK(count, 0, true, true)) {
      long[] indices = largest.get(1).toLongArray();
      return Arrays.stream(indices).mapToInt(Math::toIntExact).sorted().toArray();
    }
  }
}
