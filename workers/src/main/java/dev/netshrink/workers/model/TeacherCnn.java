package dev.netshrink.workers.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

/**
 * The teacher: a VGG-style CNN for 28x28 images, sized for CPU training on two cores.
 */
public final class TeacherCnn {

    private TeacherCnn() {}

    public static Block build(int classes) {
        return new SequentialBlock()
                .add(convBnRelu(32))
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(convBnRelu(64))
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(convBnRelu(128))
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(256).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(classes).build());
    }

    private static Block convBnRelu(int filters) {
        return new SequentialBlock()
                .add(Conv2d.builder()
                        .setFilters(filters)
                        .setKernelShape(new Shape(3, 3))
                        .optPadding(new Shape(1, 1))
                        .optBias(false)
                        .build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
    }
}
