package dev.netshrink.workers.prune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import dev.netshrink.workers.model.DepthwiseStudent;
import dev.netshrink.workers.model.DepthwiseStudentShape;
import dev.netshrink.workers.model.GradientMode;
import dev.netshrink.workers.model.ResNet18;
import dev.netshrink.workers.model.TeacherCnn;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntToDoubleFunction;

/**
 * Structured pruning that really shrinks the network: each channel group keeps the channels that
 * {@link StructuredPruning} ranks highest by its producing convolution's weights, and a new,
 * narrower network is built with exactly the surviving slices of every coupled tensor ({@link
 * ChannelCoupling}). The result runs with fewer FLOPs, and its checkpoint reloads into a network
 * built with the returned widths.
 *
 * <p>Removing a channel is not the same as zeroing its filter: the BatchNorm after a zeroed filter
 * still adds its shift (beta), which ReLU passes on. Here the channel and everything that reads it
 * are gone, which equals zeroing the input columns of the layers that consume the channel. Every
 * group keeps at least one channel, so a ratio of 1 leaves the narrowest network that runs.
 */
public final class ChannelRemoval {

  /** How many channel groups a network of each kind has (see {@link ChannelCoupling}). */
  public static int studentGroups(DepthwiseStudentShape shape) {
    return ChannelCoupling.depthwiseStudent(shape.widths().length).groups();
  }

  public static int teacherGroups() {
    return ChannelCoupling.teacherCnn(1).groups();
  }

  public static int resnet18Groups() {
    return ChannelCoupling.resnet18().groups();
  }

  /** The narrower network (initialized, parameters in the caller's manager) and its widths. */
  public record Pruned(Block block, int[] widths, int[][] keptChannels) {}

  private ChannelRemoval() {}

  public static Pruned student(
      Block original,
      DepthwiseStudentShape shape,
      double amount,
      int norm,
      NDManager manager,
      Shape input) {
    return student(original, shape, group -> amount, ChannelRule.of(norm), manager, input);
  }

  /**
   * Like {@link #student(Block, DepthwiseStudentShape, double, int, NDManager, Shape)}, by group.
   */
  public static Pruned student(
      Block original,
      DepthwiseStudentShape shape,
      IntToDoubleFunction amounts,
      ChannelRule rule,
      NDManager manager,
      Shape input) {
    return prune(
        original,
        ChannelCoupling.depthwiseStudent(shape.widths().length),
        amounts,
        rule,
        widths -> DepthwiseStudent.build(shape.withWidths(widths)),
        manager,
        input);
  }

  /** ResNet-18: residual streams ranked as coupled groups, inner block channels one by one. */
  public static Pruned resnet18(
      Block original, int classes, double amount, int norm, NDManager manager, Shape input) {
    return resnet18(original, classes, group -> amount, ChannelRule.of(norm), manager, input);
  }

  /** ResNet-18 with {@code amounts} of each channel group removed. */
  public static Pruned resnet18(
      Block original,
      int classes,
      IntToDoubleFunction amounts,
      ChannelRule rule,
      NDManager manager,
      Shape input) {
    return prune(
        original,
        ChannelCoupling.resnet18(),
        amounts,
        rule,
        widths ->
            ResNet18.build(
                classes,
                java.util.Arrays.copyOfRange(widths, 0, 4),
                java.util.Arrays.copyOfRange(widths, 4, 12)),
        manager,
        input);
  }

  /**
   * The teacher CNN; {@code input} (1, C, H, W) sets how many pixels the classifier reads per
   * channel.
   */
  public static Pruned teacher(
      Block original, int classes, double amount, int norm, NDManager manager, Shape input) {
    return teacher(original, classes, group -> amount, ChannelRule.of(norm), manager, input);
  }

  /** The teacher CNN with {@code amounts} of each channel group removed. */
  public static Pruned teacher(
      Block original,
      int classes,
      IntToDoubleFunction amounts,
      ChannelRule rule,
      NDManager manager,
      Shape input) {
    long pixels = (input.get(2) / 4) * (input.get(3) / 4);
    return prune(
        original,
        ChannelCoupling.teacherCnn(Math.toIntExact(pixels)),
        amounts,
        rule,
        widths -> TeacherCnn.build(classes, widths),
        manager,
        input);
  }

  static Pruned prune(
      Block original,
      ChannelCoupling coupling,
      IntToDoubleFunction amounts,
      ChannelRule rule,
      Function<int[], Block> builder,
      NDManager manager,
      Shape input) {
    List<Block> layers = layers(original);
    if (layers.size() != coupling.layers().size()) {
      throw new IllegalArgumentException(
          "network has " + layers.size() + " layers, its coupling " + coupling.layers().size());
    }
    int[][] kept = new int[coupling.groups()][];
    int[] widths = new int[coupling.groups()];
    for (int g = 0; g < kept.length; g++) {
      List<NDArray> producers = new ArrayList<>();
      for (int layer : coupling.producers()[g]) {
        producers.add(weightOf(layers.get(layer)));
      }
      int channels = Math.toIntExact(producers.get(0).getShape().get(0));
      int keep =
          rule.kept(
              Math.max(
                  1,
                  channels
                      - Math.toIntExact(
                          MagnitudePruning.prunedCount(amounts.applyAsDouble(g), channels))),
              channels);
      kept[g] =
          producers.size() == 1
              ? StructuredPruning.strongestChannels(producers.get(0), keep, rule.norm())
              : StructuredPruning.strongestChannelsByGroupNorm(producers, keep, rule.norm());
      widths[g] = kept[g].length;
    }
    Block pruned = builder.apply(widths);
    pruned.initialize(manager, DataType.FLOAT32, input);
    List<Block> targets = layers(pruned);
    try (GradientMode noGrad = GradientMode.disabled()) {
      for (int i = 0; i < layers.size(); i++) {
        copySlices(layers.get(i), targets.get(i), coupling.layers().get(i), kept);
      }
    }
    return new Pruned(pruned, widths, kept);
  }

  /** Convolutions, BatchNorms and linear layers in network order. */
  static List<Block> layers(Block block) {
    List<Block> out = new ArrayList<>();
    collect(block, out);
    return out;
  }

  private static void collect(Block block, List<Block> out) {
    if (block instanceof Convolution || block instanceof BatchNorm || block instanceof Linear) {
      out.add(block);
      return;
    }
    for (Pair<String, Block> child : block.getChildren()) {
      collect(child.getValue(), out);
    }
  }

  private static NDArray weightOf(Block layer) {
    for (Pair<String, Parameter> p : layer.getDirectParameters()) {
      if (p.getValue().getType() == Parameter.Type.WEIGHT) {
        return p.getValue().getArray();
      }
    }
    throw new IllegalStateException(layer + " has no weight");
  }

  private static void copySlices(Block from, Block to, ChannelCoupling.Layer rule, int[][] kept) {
    var sources = from.getDirectParameters();
    var targets = to.getDirectParameters();
    for (int p = 0; p < sources.size(); p++) {
      Parameter source = sources.get(p).getValue();
      Parameter target = targets.get(p).getValue();
      float[] values = source.getArray().toFloatArray();
      // a copy: Shape.getShape() hands out the array that backs the source tensor's own shape
      long[] shape = source.getArray().getShape().getShape().clone();
      boolean linearBias = from instanceof Linear && source.getType() == Parameter.Type.BIAS;
      if (rule.outGroup() >= 0 && !linearBias) {
        values = TensorSlices.keep(values, shape, 0, kept[rule.outGroup()], 1);
        shape[0] = kept[rule.outGroup()].length;
      }
      if (rule.inGroup() >= 0 && source.getType() == Parameter.Type.WEIGHT) {
        values = TensorSlices.keep(values, shape, 1, kept[rule.inGroup()], rule.inBlock());
        shape[1] = (long) kept[rule.inGroup()].length * rule.inBlock();
      }
      NDArray destination = target.getArray();
      if (!destination.getShape().equals(new Shape(shape))) {
        throw new IllegalStateException(
            sources.get(p).getKey()
                + ": sliced to "
                + new Shape(shape)
                + " but the pruned network has "
                + destination.getShape());
      }
      try (NDArray slice = destination.getManager().create(values, new Shape(shape))) {
        destination.set(new NDIndex("..."), slice);
      }
    }
  }
}
