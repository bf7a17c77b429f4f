package dev.netshrink.workers.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A torchsummary-style table of an initialized network: one row per layer in forward order (the
 * branches of a residual block main path first, then its shortcut), with the output shape for a
 * batch of one and the trainable parameters. BatchNorm running statistics are buffers, as in
 * PyTorch, and not counted. Containers get no row of their own.
 */
public final class ModelSummary {

  /** One layer: its PyTorch type name, output shape (batch dimension first) and parameters. */
  public record Row(String type, Shape output, long parameters) {}

  private static final Map<String, String> LAMBDA_NAMES =
      Map.of(
          "ReLU",
          "ReLU",
          "maxPool2d",
          "MaxPool2d",
          "globalAvgPool2d",
          "AdaptiveAvgPool2d",
          "batchFlatten",
          "Flatten");

  private ModelSummary() {}

  public static List<Row> rows(Block block, Shape input) {
    List<Row> rows = new ArrayList<>();
    walk(block, input, rows);
    return rows;
  }

  public static long totalParameters(List<Row> rows) {
    return rows.stream().mapToLong(Row::parameters).sum();
  }

  /** The table as torchsummary prints it, with the total and the MACs per image. */
  public static String format(Block block, Shape input) {
    List<Row> rows = rows(block, input);
    String line = "-".repeat(64) + "\n";
    StringBuilder out =
        new StringBuilder(line)
            .append(
                String.format(
                    Locale.ROOT, "%25s %25s %15s%n", "Layer (type)", "Output Shape", "Param #"))
            .append("=".repeat(64))
            .append('\n');
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      long[] dims = r.output().getShape().clone();
      StringBuilder shape = new StringBuilder("[-1");
      for (int d = 1; d < dims.length; d++) {
        shape.append(", ").append(dims[d]);
      }
      out.append(
          String.format(
              Locale.ROOT,
              "%25s %25s %,15d%n",
              r.type() + "-" + (i + 1),
              shape.append(']'),
              r.parameters()));
    }
    long total = totalParameters(rows);
    return out.append("=".repeat(64))
        .append(
            String.format(
                Locale.ROOT,
                "%nTotal params: %,d%nTrainable params: %,d%nNon-trainable params: 0%n"
                    + "MACs per image: %,d%n",
                total,
                total,
                MultiplyAccumulates.of(block, input)))
        .append(line)
        .toString();
  }

  private static Shape walk(Block block, Shape input, List<Row> rows) {
    if (block instanceof SequentialBlock) {
      Shape shape = input;
      for (Pair<String, Block> child : block.getChildren()) {
        shape = walk(child.getValue(), shape, rows);
      }
      return shape;
    }
    if (block instanceof ParallelBlock) {
      for (Pair<String, Block> branch : block.getChildren()) {
        walk(branch.getValue(), input, rows);
      }
      return block.getOutputShapes(new Shape[] {input})[0];
    }
    if (block instanceof LambdaBlock lambda && "identity".equals(lambda.getName())) {
      return input; // a shortcut that is no layer in PyTorch either
    }
    Shape output = block.getOutputShapes(new Shape[] {input})[0];
    long parameters = 0;
    for (Pair<String, Parameter> p : block.getDirectParameters()) {
      if (p.getValue().requiresGradient()) {
        parameters += p.getValue().getArray().getShape().size();
      }
    }
    rows.add(new Row(typeName(block, output), output, parameters));
    return output;
  }

  private static String typeName(Block block, Shape output) {
    if (block instanceof Conv2d) {
      return "Conv2d";
    }
    if (block instanceof BatchNorm) {
      return output.dimension() == 4 ? "BatchNorm2d" : "BatchNorm1d";
    }
    if (block instanceof Linear) {
      return "Linear";
    }
    if (block instanceof LambdaBlock lambda) {
      return LAMBDA_NAMES.getOrDefault(lambda.getName(), lambda.getName());
    }
    return block.getClass().getSimpleName();
  }
}
