package dev.netshrink.workers.prune;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.eval.Evaluator;
import dev.netshrink.workers.model.DepthwiseStudentShape;
import dev.netshrink.workers.model.ModelCheckpoint;
import dev.netshrink.workers.model.MultiplyAccumulates;
import dev.netshrink.workers.model.ParameterCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.IntToDoubleFunction;

/**
 * Accuracy, size, MACs and inference latency of physically narrowed copies of a network, one per
 * ratio, without fine-tuning, and each copy's parameters (to keep it). The original is never
 * changed; each narrowed copy lives in a sub-manager that is freed before the next ratio.
 */
public final class StructuredSweep {

  /** A network to narrow, one kind per architecture family: each knows how its channels couple. */
  public sealed interface Target {

    Block block();

    /** How many channel groups it has: what a layer sensitivity analysis narrows one at a time. */
    int groups();

    /** A narrower copy with {@code amounts} of each group's channels removed. */
    ChannelRemoval.Pruned narrow(
        IntToDoubleFunction amounts, ChannelRule rule, NDManager manager, Shape input);

    /** A narrower copy with {@code ratio} of every group's channels removed. */
    default ChannelRemoval.Pruned narrow(
        double ratio, ChannelRule rule, NDManager manager, Shape input) {
      return narrow(group -> ratio, rule, manager, input);
    }

    /** A depthwise-separable student; its shape gives the strides and widths to narrow. */
    record Student(Block block, DepthwiseStudentShape shape) implements Target {
      @Override
      public int groups() {
        return ChannelRemoval.studentGroups(shape);
      }

      @Override
      public ChannelRemoval.Pruned narrow(
          IntToDoubleFunction amounts, ChannelRule rule, NDManager manager, Shape input) {
        return ChannelRemoval.student(block, shape, amounts, rule, manager, input);
      }
    }

    /** The teacher CNN with {@code classes} outputs. */
    record TeacherCnn(Block block, int classes) implements Target {
      @Override
      public int groups() {
        return ChannelRemoval.teacherGroups();
      }

      @Override
      public ChannelRemoval.Pruned narrow(
          IntToDoubleFunction amounts, ChannelRule rule, NDManager manager, Shape input) {
        return ChannelRemoval.teacher(block, classes, amounts, rule, manager, input);
      }
    }

    /** ResNet-18 with {@code classes} outputs. */
    record ResNet18(Block block, int classes) implements Target {
      @Override
      public int groups() {
        return ChannelRemoval.resnet18Groups();
      }

      @Override
      public ChannelRemoval.Pruned narrow(
          IntToDoubleFunction amounts, ChannelRule rule, NDManager manager, Shape input) {
        return ChannelRemoval.resnet18(block, classes, amounts, rule, manager, input);
      }
    }
  }

  private StructuredSweep() {}

  public static List<SweepMeasurement> run(
      Target target, ImageDataset eval, List<Double> ratios, int norm, int batchSize)
      throws Exception {
    return run(
        target, eval, ratios, ChannelRule.of(norm), batchSize, FineTuner.NONE, LatencyTimer.ALONE);
  }

  public static List<SweepMeasurement> run(
      Target target,
      ImageDataset eval,
      List<Double> ratios,
      ChannelRule rule,
      int batchSize,
      FineTuner fineTuner,
      LatencyTimer timer)
      throws Exception {
    Shape input = new Shape(1, eval.channels(), eval.height(), eval.width());
    long totalConvWeights = ConvWeights.count(target.block());
    List<SweepMeasurement> points = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      for (double ratio : ratios) {
        if (Thread.currentThread().isInterrupted()) {
          throw new CancellationException("structured sweep interrupted before ratio " + ratio);
        }
        try (NDManager scope = manager.newSubManager()) {
          ChannelRemoval.Pruned pruned = target.narrow(ratio, rule, scope, input);
          points.add(
              measure(ratio, pruned, totalConvWeights, eval, input, batchSize, fineTuner, timer));
        }
      }
    }
    return points;
  }

  /**
   * What a narrowed network measures as a point at {@code ratio}, its parameters kept with it; a
   * fine-tuning starts from a copy of them.
   */
  static SweepMeasurement measure(
      double ratio,
      ChannelRemoval.Pruned pruned,
      long totalConvWeights,
      ImageDataset eval,
      Shape input,
      int batchSize,
      FineTuner fineTuner,
      LatencyTimer timer)
      throws Exception {
    Block narrow = pruned.block();
    LatencyTimer.Timed timed = timer.time(narrow, eval, batchSize);
    // serialized once: kept with the point, and the start of its fine-tuning (on a copy)
    byte[] parameters = ModelCheckpoint.save(narrow);
    return new SweepMeasurement(
        ratio,
        Evaluator.accuracy(narrow, eval, batchSize),
        ConvWeights.count(narrow),
        totalConvWeights,
        ParameterCounts.trainable(narrow),
        timed.latency(),
        MultiplyAccumulates.of(narrow, input),
        fineTuner == FineTuner.NONE
            ? Double.NaN
            : fineTuner.fineTune(parameters, pruned.widths(), null),
        Optional.of(new SweepMeasurement.Narrowed(pruned.widths(), parameters)),
        timed.dense());
  }
}
