package dev.netshrink.workers.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

/** Builds the depthwise-separable student network described by a {@link DepthwiseStudentShape}. */
public final class DepthwiseStudent {

  private DepthwiseStudent() {}

  public static Block build(DepthwiseStudentShape shape) {
    int[] widths = shape.widths();
    int[] strides = shape.strides();
    SequentialBlock net =
        new SequentialBlock()
            .add(
                Convolutions.withoutBias(
                    widths[0], shape.stemKernel(), shape.imagenetStem() ? 2 : 1, 1))
            .add(BatchNorm.builder().build())
            .add(Activation.reluBlock());
    if (shape.imagenetStem()) {
      net.add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
    }
    for (int i = 1; i < widths.length; i++) {
      int in = widths[i - 1];
      net.add(Convolutions.withoutBias(in, 3, strides[i - 1], in))
          .add(BatchNorm.builder().build())
          .add(Convolutions.withoutBias(widths[i], 1, 1, 1))
          .add(BatchNorm.builder().build())
          .add(Activation.reluBlock());
    }
    return net.add(Pool.globalAvgPool2dBlock())
        .add(Linear.builder().setUnits(shape.classes()).build());
  }
}
