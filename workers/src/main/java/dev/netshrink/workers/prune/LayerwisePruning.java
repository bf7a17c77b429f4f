package dev.netshrink.workers.prune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.eval.Evaluator;
import dev.netshrink.workers.eval.InferenceLatency;
import dev.netshrink.workers.model.GradientMode;
import dev.netshrink.workers.model.ModelCheckpoint;
import dev.netshrink.workers.model.MultiplyAccumulates;
import dev.netshrink.workers.model.ParameterCounts;
import java.util.List;
import java.util.Optional;

/**
 * One network pruned with a ratio of its own per layer (as a sensitivity analysis suggests for a
 * budget), measured (and fine-tuned, when asked) like a sweep point. Its {@code ratio} is the share
 * of all convolution weights removed, and the network is kept: masked, the dense tensors with their
 * zeros; by channels, the narrowed copy.
 */
public final class LayerwisePruning {

  private LayerwisePruning() {}

  /**
   * Masks each convolution of {@code block} by |w| at its own ratio, in place.
   *
   * @param widths the network's widths, kept with it
   */
  public static SweepMeasurement masked(
      Block block,
      int[] widths,
      ImageDataset eval,
      List<Double> ratios,
      int batchSize,
      FineTuner fineTuner)
      throws Exception {
    List<Parameter> weights = ConvWeights.of(block);
    if (weights.size() != ratios.size()) {
      throw new IllegalArgumentException(
          ratios.size() + " ratios for a network of " + weights.size() + " convolutions");
    }
    long total = 0;
    long nonZero = 0;
    for (int i = 0; i < weights.size(); i++) {
      NDArray weight = weights.get(i).getArray();
      total += weight.size();
      NDArray original;
      try (GradientMode noGrad = GradientMode.disabled()) {
        original = weight.duplicate();
      }
      try (original) {
        nonZero += MagnitudePruning.prune(original, weight, ratios.get(i));
      }
    }
    Shape input = new Shape(1, eval.channels(), eval.height(), eval.width());
    byte[] parameters = ModelCheckpoint.save(block);
    return new SweepMeasurement(
        1 - (double) nonZero / total,
        Evaluator.accuracy(block, eval, batchSize),
        nonZero,
        total,
        ParameterCounts.nonZeroTrainable(block),
        InferenceLatency.measure(block, eval, batchSize),
        MultiplyAccumulates.of(block, input),
        fineTuner == FineTuner.NONE
            ? Double.NaN
            : fineTuner.fineTune(parameters, null, KeepPrunedZero.masksOf(block)),
        Optional.of(new SweepMeasurement.Narrowed(widths, parameters)));
  }

  /** A narrowed copy of {@code target} with each channel group at its own ratio. */
  public static SweepMeasurement channels(
      StructuredSweep.Target target,
      ImageDataset eval,
      List<Double> ratios,
      ChannelRule rule,
      int batchSize,
      FineTuner fineTuner)
      throws Exception {
    if (target.groups() != ratios.size()) {
      throw new IllegalArgumentException(
          ratios.size() + " ratios for a network of " + target.groups() + " channel groups");
    }
    Shape input = new Shape(1, eval.channels(), eval.height(), eval.width());
    long total = ConvWeights.count(target.block());
    try (NDManager manager = NDManager.newBaseManager()) {
      ChannelRemoval.Pruned pruned = target.narrow(ratios::get, rule, manager, input);
      double removed = 1 - (double) ConvWeights.count(pruned.block()) / total;
      return StructuredSweep.measure(
          removed, pruned, total, eval, input, batchSize, fineTuner, LatencyTimer.ALONE);
    }
  }
}
