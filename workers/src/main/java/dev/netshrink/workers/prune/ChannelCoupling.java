package dev.netshrink.workers.prune;

import java.util.ArrayList;
import java.util.List;

/**
 * Which tensors move together when an output channel is removed, for the architectures netshrink
 * builds. Layers are numbered in network order over the convolutions, BatchNorms and linear layers
 * ({@link ChannelRemoval#layers}); a group is one set of feature-map channels, produced by one
 * convolution (whose weights rank them) and read by the layers after it.
 *
 * <p>Depthwise-separable student: the stem and every pointwise conv produce a group. A depthwise
 * conv has one filter per input channel (groups = channels), so it and its BatchNorm follow the
 * group they read: removing channel c removes the depthwise filter c too, and the pointwise conv
 * after it loses input column c. The linear classifier reads the last group after global pooling.
 *
 * <p>Teacher CNN: each conv produces a group read by the next conv; the linear layer reads the last
 * group flattened, so channel c owns {@code 7 x 7} consecutive input columns.
 */
record ChannelCoupling(int groups, List<Layer> layers, int[][] producers) {

  /**
   * How to slice one layer's tensors: dimension 0 of every tensor by {@code outGroup} (-1: not
   * sliced, e.g. a linear layer's outputs) and dimension 1 of its weight by {@code inGroup} in
   * blocks of {@code inBlock} columns (-1: not sliced).
   */
  record Layer(int outGroup, int inGroup, int inBlock) {}

  static ChannelCoupling depthwiseStudent(int widths) {
    List<Layer> layers = new ArrayList<>();
    int[][] producers = new int[widths][];
    producers[0] = new int[] {0};
    layers.add(new Layer(0, -1, 1)); // stem conv
    layers.add(new Layer(0, -1, 1)); // its BatchNorm
    for (int g = 1; g < widths; g++) {
      layers.add(new Layer(g - 1, -1, 1)); // depthwise conv: one filter per channel it reads
      layers.add(new Layer(g - 1, -1, 1));
      producers[g] = new int[] {layers.size()};
      layers.add(new Layer(g, g - 1, 1)); // pointwise conv
      layers.add(new Layer(g, -1, 1));
    }
    layers.add(new Layer(-1, widths - 1, 1)); // classifier after global average pooling
    return new ChannelCoupling(widths, List.copyOf(layers), producers);
  }

  static ChannelCoupling teacherCnn(int finalMapPixels) {
    List<Layer> layers = new ArrayList<>();
    int[][] producers = new int[3][];
    for (int g = 0; g < 3; g++) {
      producers[g] = new int[] {layers.size()};
      layers.add(new Layer(g, g - 1, 1));
      layers.add(new Layer(g, -1, 1));
    }
    layers.add(new Layer(-1, 2, finalMapPixels));
    return new ChannelCoupling(3, List.copyOf(layers), producers);
  }

  /**
   * ResNet-18: groups 0-3 are the residual streams of the four stages, groups 4-11 the channels
   * between the two convolutions of each basic block. A stream's channels are written by every conv
   * that adds into it (the stem or the previous stage's projection, and each block's second conv)
   * and read by the next convs and the classifier, so they are ranked by the sum of those
   * producers' filter norms (a group norm, as DepGraph/torch-pruning rank coupled channels); an
   * inner group has one producer and is ranked exactly like ln_structured.
   */
  static ChannelCoupling resnet18() {
    List<Layer> layers = new ArrayList<>();
    List<List<Integer>> producers = new ArrayList<>();
    for (int g = 0; g < 12; g++) {
      producers.add(new ArrayList<>());
    }
    producers.get(0).add(layers.size());
    layers.add(new Layer(0, -1, 1)); // stem conv writes stage 1's stream
    layers.add(new Layer(0, -1, 1));
    for (int stage = 0; stage < 4; stage++) {
      for (int block = 0; block < 2; block++) {
        int inner = 4 + 2 * stage + block;
        int reads = block == 0 && stage > 0 ? stage - 1 : stage;
        producers.get(inner).add(layers.size());
        layers.add(new Layer(inner, reads, 1)); // conv1
        layers.add(new Layer(inner, -1, 1));
        producers.get(stage).add(layers.size());
        layers.add(new Layer(stage, inner, 1)); // conv2 adds into the stream
        layers.add(new Layer(stage, -1, 1));
        if (block == 0 && stage > 0) {
          producers.get(stage).add(layers.size());
          layers.add(new Layer(stage, stage - 1, 1)); // projection shortcut
          layers.add(new Layer(stage, -1, 1));
        }
      }
    }
    layers.add(new Layer(-1, 3, 1)); // classifier after global average pooling
    int[][] ranked =
        producers.stream()
            .map(p -> p.stream().mapToInt(Integer::intValue).toArray())
            .toArray(int[][]::new);
    return new ChannelCoupling(12, List.copyOf(layers), ranked);
  }
}
