package dev.netshrink.workers.prune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.eval.Evaluator;
import dev.netshrink.workers.model.GradientMode;
import dev.netshrink.workers.model.ParameterCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;

/**
 * Layer sensitivity analysis, as Distiller's and NNI's: each prunable layer pruned alone at each
 * ratio while the rest of the network stays as trained, and the accuracy measured (no fine-tuning).
 * A layer whose accuracy holds up to a high ratio can lose more of its weights than one that falls
 * at once. Masked methods prune one convolution's weights by |w| ({@code l1_unstructured} on that
 * layer); channel methods narrow one channel group (a convolution's outputs and everything that
 * reads them, {@link ChannelCoupling}).
 */
public final class SensitivitySweep {

  /**
   * {@code layer} pruned alone at {@code ratio}: the network's accuracy and its trainable
   * parameters left (non-zero ones when masked).
   */
  public record Point(String layer, double ratio, double accuracy, long parameters) {}

  private SensitivitySweep() {}

  /**
   * Each convolution's weights masked alone; the network leaves as it came (each layer's weights
   * are written back before the next is pruned).
   */
  public static List<Point> masked(
      Block block, ImageDataset eval, List<Double> ratios, int batchSize) {
    List<Parameter> weights = ConvWeights.of(block);
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < weights.size(); i++) {
      NDArray weight = weights.get(i).getArray();
      String layer = String.format(Locale.ROOT, "conv%02d %s", i, weight.getShape());
      NDArray original;
      try (GradientMode noGrad = GradientMode.disabled()) {
        original = weight.duplicate();
      }
      try {
        for (double ratio : ratios) {
          checkInterrupted(layer, ratio);
          MagnitudePruning.prune(original, weight, ratio);
          points.add(
              new Point(
                  layer,
                  ratio,
                  Evaluator.accuracy(block, eval, batchSize),
                  ParameterCounts.nonZeroTrainable(block)));
        }
      } finally {
        MagnitudePruning.overwrite(weight, original);
        original.close();
      }
    }
    return points;
  }

  /**
   * Each channel group narrowed alone, into a copy freed before the next point; {@code target} is
   * never changed.
   */
  public static List<Point> channels(
      StructuredSweep.Target target,
      ImageDataset eval,
      List<Double> ratios,
      ChannelRule rule,
      int batchSize) {
    Shape input = new Shape(1, eval.channels(), eval.height(), eval.width());
    List<Point> points = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      int[] widths;
      try (NDManager scope = manager.newSubManager()) {
        // removing nothing: the widths each group starts from
        widths = target.narrow(g -> 0, rule, scope, input).widths();
      }
      for (int group = 0; group < target.groups(); group++) {
        int only = group;
        String layer = String.format(Locale.ROOT, "group%02d (%d channels)", group, widths[group]);
        for (double ratio : ratios) {
          checkInterrupted(layer, ratio);
          try (NDManager scope = manager.newSubManager()) {
            ChannelRemoval.Pruned pruned =
                target.narrow(g -> g == only ? ratio : 0, rule, scope, input);
            points.add(
                new Point(
                    layer,
                    ratio,
                    Evaluator.accuracy(pruned.block(), eval, batchSize),
                    ParameterCounts.trainable(pruned.block())));
          }
        }
      }
    }
    return points;
  }

  private static void checkInterrupted(String layer, double ratio) {
    if (Thread.currentThread().isInterrupted()) {
      throw new CancellationException(
          "sensitivity analysis interrupted at " + layer + ", ratio " + ratio);
    }
  }
}
