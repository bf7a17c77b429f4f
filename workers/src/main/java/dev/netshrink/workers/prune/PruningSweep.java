package dev.netshrink.workers.prune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.eval.Evaluator;
import dev.netshrink.workers.model.GradientMode;
import dev.netshrink.workers.model.ModelCheckpoint;
import dev.netshrink.workers.model.MultiplyAccumulates;
import dev.netshrink.workers.model.ParameterCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Accuracy, non-zero parameters and inference latency as functions of the unstructured pruning
 * ratio, without fine-tuning. Every ratio starts from the original weights (not from the previous
 * ratio's pruned ones), which are kept as copies and written back at the end, so the network leaves
 * the sweep as it entered.
 */
public final class PruningSweep {

  /** 0.00, 0.05, ..., 0.95. */
  public static final List<Double> DEFAULT_RATIOS = defaultRatios();

  private PruningSweep() {}

  public static List<SweepMeasurement> run(
      Block block, ImageDataset eval, List<Double> ratios, int batchSize) throws Exception {
    return run(block, eval, ratios, batchSize, false, FineTuner.NONE, LatencyTimer.ALONE);
  }

  /**
   * Masks {@code block}'s convolution weights at each ratio and measures every point.
   *
   * @param global rank all convolution weights together ({@code global_unstructured}) instead of
   *     pruning each layer by the same ratio ({@code l1_unstructured} per layer)
   * @param timer how each masked network is timed: alone, or alternated with a dense copy (not
   *     {@code block} itself, which is masked meanwhile)
   */
  public static List<SweepMeasurement> run(
      Block block,
      ImageDataset eval,
      List<Double> ratios,
      int batchSize,
      boolean global,
      FineTuner fineTuner,
      LatencyTimer timer)
      throws Exception {
    List<Parameter> weights = ConvWeights.of(block);
    List<NDArray> originals = new ArrayList<>();
    long total = 0;
    try (GradientMode noGrad = GradientMode.disabled()) {
      for (Parameter weight : weights) {
        originals.add(weight.getArray().duplicate());
        total += weight.getArray().size();
      }
    }
    List<SweepMeasurement> points = new ArrayList<>();
    try {
      for (double ratio : ratios) {
        if (Thread.currentThread().isInterrupted()) {
          throw new CancellationException("pruning sweep interrupted before ratio " + ratio);
        }
        long nonZero =
            global ? pruneGlobally(weights, originals, ratio) : prune(weights, originals, ratio);
        LatencyTimer.Timed timed = timer.time(block, eval, batchSize);
        points.add(
            new SweepMeasurement(
                    ratio,
                    Evaluator.accuracy(block, eval, batchSize),
                    nonZero,
                    total,
                    ParameterCounts.nonZeroTrainable(block),
                    timed.latency(),
                    MultiplyAccumulates.of(
                        block, new Shape(1, eval.channels(), eval.height(), eval.width())),
                    fineTuner == FineTuner.NONE
                        ? Double.NaN
                        : fineTuner.fineTune(
                            ModelCheckpoint.save(block), null, KeepPrunedZero.masksOf(block)))
                .timed(timed));
      }
    } finally {
      for (int i = 0; i < weights.size(); i++) {
        MagnitudePruning.overwrite(weights.get(i).getArray(), originals.get(i));
        originals.get(i).close();
      }
    }
    return points;
  }

  private static long prune(List<Parameter> weights, List<NDArray> originals, double ratio) {
    long nonZero = 0;
    for (int i = 0; i < weights.size(); i++) {
      nonZero += MagnitudePruning.prune(originals.get(i), weights.get(i).getArray(), ratio);
    }
    return nonZero;
  }

  private static long pruneGlobally(
      List<Parameter> weights, List<NDArray> originals, double ratio) {
    List<NDArray> masks = MagnitudePruning.globalL1Unstructured(originals, ratio);
    long nonZero = 0;
    try (GradientMode noGrad = GradientMode.disabled()) {
      for (int i = 0; i < weights.size(); i++) {
        try (NDArray mask = masks.get(i);
            NDArray pruned = originals.get(i).mul(mask)) {
          MagnitudePruning.overwrite(weights.get(i).getArray(), pruned);
          nonZero += MagnitudePruning.countNonZero(weights.get(i).getArray());
        }
      }
    }
    return nonZero;
  }

  private static List<Double> defaultRatios() {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ratios.add(i * 5 / 100.0);
    }
    return List.copyOf(ratios);
  }
}
