package dev.netshrink.workers.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves parameters between K students and the {@link FusedStudent} that trains them as one: the
 * fused network's j-th parameter is the K students' j-th parameters stacked along the first axis (a
 * linear layer's (classes, C) weight becomes its slice of a (K x classes, C, 1, 1) grouped 1x1
 * convolution). BatchNorm running statistics travel like every other parameter, so a member's
 * checkpoint is exactly the one it would have written alone.
 */
public final class PackParameters {

  private PackParameters() {}

  /** Copies each member's parameters into its slice of {@code fused}. */
  public static void join(List<Block> members, Block fused) {
    List<Parameter> target = ordered(fused);
    List<List<Parameter>> sources = members.stream().map(PackParameters::ordered).toList();
    for (int j = 0; j < target.size(); j++) {
      int index = j;
      List<NDArray> parts = sources.stream().map(s -> s.get(index).getArray()).toList();
      try (NDArray stacked = stack(parts, target.get(j).getArray().getShape())) {
        overwrite(target.get(j).getArray(), stacked);
      }
    }
  }

  /** Copies each member's slice of {@code fused} into that member's own network. */
  public static void split(Block fused, List<Block> members) {
    for (int k = 0; k < members.size(); k++) {
      copyOut(fused, k, members.size(), members.get(k));
    }
  }

  /** Copies member {@code k}'s slice of {@code fused} (of {@code count}) into {@code member}. */
  public static void copyOut(Block fused, int k, int count, Block member) {
    List<Parameter> source = ordered(fused);
    List<Parameter> target = ordered(member);
    for (int j = 0; j < source.size(); j++) {
      NDArray own = target.get(j).getArray();
      try (NDArray part = slice(source.get(j).getArray(), k, count, own.getShape())) {
        overwrite(own, part);
      }
    }
  }

  /** The parameters of {@code block} in the order both builders add them; checked to pair up. */
  public static List<Parameter> ordered(Block block) {
    return new ArrayList<>(block.getParameters().values());
  }

  /** The members' arrays, each reshaped to its share of {@code fusedShape}, stacked on axis 0. */
  public static NDArray stack(List<NDArray> parts, Shape fusedShape) {
    long rows = fusedShape.get(0) / parts.size();
    Shape share = new Shape(rows).addAll(fusedShape.slice(1));
    NDList reshaped = new NDList();
    for (NDArray part : parts) {
      if (part.size() != share.size()) {
        throw new IllegalArgumentException(
            "a member's " + part.getShape() + " is not a " + parts.size() + "th of " + fusedShape);
      }
      reshaped.add(part.reshape(share));
    }
    NDArray stacked = NDArrays.concat(reshaped, 0);
    reshaped.close();
    return stacked;
  }

  /** Member {@code k}'s rows of a fused array (of {@code members}), in the member's own shape. */
  public static NDArray slice(NDArray fused, int k, int members, Shape memberShape) {
    long rows = fused.getShape().get(0) / members;
    NDArray rowsOfK = fused.get(new NDIndex("{}:{}", k * rows, (k + 1) * rows));
    if (rowsOfK.size() != memberShape.size()) {
      throw new IllegalArgumentException(
          "a " + members + "th of " + fused.getShape() + " does not fit " + memberShape);
    }
    NDArray shaped = rowsOfK.reshape(memberShape);
    rowsOfK.close();
    return shaped;
  }

  private static void overwrite(NDArray target, NDArray values) {
    // in-place writes to a leaf that requires grad are only legal with autograd off
    try (GradientMode noGrad = GradientMode.disabled()) {
      target.set(new NDIndex("..."), values);
    }
  }
}
