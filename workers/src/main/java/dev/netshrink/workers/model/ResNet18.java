package dev.netshrink.workers.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * ResNet-18 in torchvision's layout: a 7x7 stride-2 stem (no bias) + BN + ReLU + 3x3 stride-2
 * max-pool, four stages of two basic blocks (64, 128, 256, 512 channels; the first block of stages
 * 2-4 halves the resolution and projects its shortcut with a 1x1 conv + BN), global average pooling
 * and a linear classifier. 11,182,155 parameters for 11 classes, as {@code
 * torchvision.models.resnet18(num_classes=11)} counts them; layers come in the same order, so
 * torchvision weights map onto it tensor by tensor.
 */
public final class ResNet18 {

  /** Channels of the residual stream of each stage (the stem writes stage 1's). */
  private static final int[] STAGE_WIDTHS = {64, 128, 256, 512};

  private ResNet18() {}

  public static Block build(int classes) {
    int[] inner = new int[8];
    for (int i = 0; i < inner.length; i++) {
      inner[i] = STAGE_WIDTHS[i / 2];
    }
    return build(classes, STAGE_WIDTHS, inner);
  }

  /**
   * Other widths, as structured pruning leaves them: {@code stages[s]} channels in stage s's
   * residual stream, {@code inner[2s + b]} between the two convolutions of block b of stage s.
   */
  public static Block build(int classes, int[] stages, int[] inner) {
    if (stages.length != 4 || inner.length != 8) {
      throw new IllegalArgumentException("ResNet-18 has 4 stages of 2 blocks");
    }
    SequentialBlock net =
        new SequentialBlock()
            .add(Convolutions.withoutBias(stages[0], 7, 2, 1))
            .add(BatchNorm.builder().build())
            .add(Activation.reluBlock())
            .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
    for (int stage = 0; stage < stages.length; stage++) {
      int out = stages[stage];
      int stride = stage == 0 ? 1 : 2;
      // the first block of stages 2-4 halves the resolution, so its shortcut always projects
      net.add(basicBlock(out, inner[2 * stage], stride, stage > 0))
          .add(basicBlock(out, inner[2 * stage + 1], 1, false));
    }
    return net.add(Pool.globalAvgPool2dBlock()).add(Linear.builder().setUnits(classes).build());
  }

  /** conv3x3-BN-ReLU-conv3x3-BN plus the shortcut, then ReLU of the sum. */
  private static Block basicBlock(int out, int inner, int stride, boolean project) {
    Block main =
        new SequentialBlock()
            .add(Convolutions.withoutBias(inner, 3, stride, 1))
            .add(BatchNorm.builder().build())
            .add(Activation.reluBlock())
            .add(Convolutions.withoutBias(out, 3, 1, 1))
            .add(BatchNorm.builder().build());
    Block shortcut =
        !project
            ? Blocks.identityBlock()
            : new SequentialBlock()
                .add(Convolutions.withoutBias(out, 1, stride, 1))
                .add(BatchNorm.builder().build());
    return new ParallelBlock(ResNet18::addThenRelu, List.of(main, shortcut));
  }

  private static NDList addThenRelu(List<NDList> branches) {
    NDArray sum = branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow());
    return new NDList(Activation.relu(sum));
  }
}
