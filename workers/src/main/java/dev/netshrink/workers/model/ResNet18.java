package dev.netshrink.workers.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * ResNet-18 in torchvision's layout: a 7x7 stride-2 stem (no bias) + BN + ReLU + 3x3 stride-2
 * max-pool, four stages of two basic blocks (64, 128, 256, 512 channels; the first block of
 * stages 2-4 halves the resolution and projects its shortcut with a 1x1 conv + BN), global
 * average pooling and a linear classifier. 11,182,155 parameters for 11 classes, as
 * {@code torchvision.models.resnet18(num_classes=11)} counts them; layers come in the same order,
 * so torchvision weights map onto it tensor by tensor.
 */
public final class ResNet18 {

  private static final int[] WIDTHS = {64, 128, 256, 512};

  private ResNet18() {}

  public static Block build(int classes) {
    SequentialBlock net = new SequentialBlock()
        .add(conv(64, 7, 2))
        .add(BatchNorm.builder().build())
        .add(Activation.reluBlock())
        .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
    int in = 64;
    for (int stage = 0; stage < WIDTHS.length; stage++) {
      int out = WIDTHS[stage];
      int stride = stage == 0 ? 1 : 2;
      net.add(basicBlock(in, out, stride)).add(basicBlock(out, out, 1));
      in = out;
    }
    return net.add(Pool.globalAvgPool2dBlock())
        .add(Linear.builder().setUnits(classes).build());
  }

  /** conv3x3-BN-ReLU-conv3x3-BN plus the shortcut, then ReLU of the sum. */
  private static Block basicBlock(int in, int out, int stride) {
    Block main = new SequentialBlock()
        .add(conv(out, 3, stride))
        .add(BatchNorm.builder().build())
        .add(Activation.reluBlock())
        .add(conv(out, 3, 1))
        .add(BatchNorm.builder().build());
    Block shortcut = stride == 1 && in == out
        ? Blocks.identityBlock()
        : new SequentialBlock().add(conv(out, 1, stride)).add(BatchNorm.builder().build());
    return new ParallelBlock(ResNet18::addThenRelu, List.of(main, shortcut));
  }

  private static NDList addThenRelu(List<NDList> branches) {
    NDArray sum = branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow());
    return new NDList(Activation.relu(sum));
  }

  private static Block conv(int filters, int kernel, int stride) {
    int pad = kernel / 2;
    return Conv2d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(kernel, kernel))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(pad, pad))
        .optBias(false)
        .build();
  }
}
