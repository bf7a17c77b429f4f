package dev.netshrink.workers.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;

/** The square, "same"-padded convolutions every architecture here is built from. */
final class Convolutions {

  private Convolutions() {}

  /**
   * No bias: each of these convolutions is followed by a BatchNorm, whose shift (beta) does the
   * bias's job. Padding {@code kernel / 2} keeps the size at stride 1, as PyTorch's {@code
   * padding=k//2} does.
   */
  static Block withoutBias(int filters, int kernel, int stride, int groups) {
    int pad = kernel / 2;
    return Conv2d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(kernel, kernel))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(pad, pad))
        .optGroups(groups)
        .optBias(false)
        .build();
  }
}
