package dev.netshrink.workers.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

/**
 * K students of one {@link DepthwiseStudentShape} side by side as one network (horizontal fusion,
 * as HFTA does): the stem reads the shared input once and writes K x C channels, every depthwise
 * convolution and BatchNorm covers K x C channels, every pointwise convolution is a grouped one
 * with K groups, and the classifier is a grouped 1x1 convolution. Student {@code k} owns channels
 * {@code k*C .. (k+1)*C-1} of every layer and nothing of the others', so the fused network computes
 * exactly what the K students compute apart: its output is (batch, K x classes), student {@code
 * k}'s logits at columns {@code k*classes ..}. Its parameters come in the order of {@link
 * DepthwiseStudent#build}'s, each the K students' stacked along the first axis ({@link
 * PackParameters}).
 */
public final class FusedStudent {

  private FusedStudent() {}

  public static Block build(DepthwiseStudentShape shape, int members) {
    if (members < 1) {
      throw new IllegalArgumentException("a pack has at least one member, got " + members);
    }
    int k = members;
    int[] widths = shape.widths();
    int[] strides = shape.strides();
    SequentialBlock net =
        new SequentialBlock()
            .add(
                Convolutions.withoutBias(
                    k * widths[0], shape.stemKernel(), shape.imagenetStem() ? 2 : 1, 1))
            .add(BatchNorm.builder().build())
            .add(Activation.reluBlock());
    if (shape.imagenetStem()) {
      net.add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
    }
    for (int i = 1; i < widths.length; i++) {
      int in = widths[i - 1];
      net.add(Convolutions.withoutBias(k * in, 3, strides[i - 1], k * in))
          .add(BatchNorm.builder().build())
          .add(Convolutions.withoutBias(k * widths[i], 1, 1, k))
          .add(BatchNorm.builder().build())
          .add(Activation.reluBlock());
    }
    int classes = shape.classes();
    return net.add(Pool.globalAvgPool2dBlock())
        // (batch, K*C) -> (batch, K*C, 1, 1): the K classifiers as one grouped 1x1 convolution
        .add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().expandDims(2).expandDims(3))))
        .add(
            Conv2d.builder()
                .setFilters(k * classes)
                .setKernelShape(new Shape(1, 1))
                .optGroups(k)
                .build())
        .add(
            new LambdaBlock(
                x -> {
                  var out = x.singletonOrThrow();
                  return new NDList(out.reshape(out.getShape().get(0), (long) k * classes));
                }));
  }
}
