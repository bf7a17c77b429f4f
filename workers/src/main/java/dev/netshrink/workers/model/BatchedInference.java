package dev.netshrink.workers.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SymbolBlock;
import ai.djl.training.ParameterStore;
import dev.netshrink.workers.data.BatchFeeder;
import dev.netshrink.workers.data.ImageDataset;
import java.util.Arrays;

/**
 * Runs an initialized network over a dataset in order, batch by batch, in inference mode (BatchNorm
 * uses its running statistics, no autograd graph). Each batch's arrays are freed before the next
 * one is built.
 */
public final class BatchedInference {

  /** Receives the logits of images {@code from .. from+size)}; the array dies after the call. */
  @FunctionalInterface
  public interface LogitsConsumer {
    void accept(int from, int size, NDArray logits);
  }

  private BatchedInference() {}

  public static void run(Block block, ImageDataset data, int batchSize, LogitsConsumer consumer) {
    run(block, data, batchSize, false, consumer);
  }

  /** Like {@link #run(Block, ImageDataset, int, LogitsConsumer)}, every image flipped if asked. */
  public static void run(
      Block block, ImageDataset data, int batchSize, boolean mirrored, LogitsConsumer consumer) {
    // a loaded TorchScript module (a SymbolBlock) holds its parameters but never reports itself
    // initialized
    if (!(block instanceof SymbolBlock) && !block.isInitialized()) {
      throw new IllegalStateException(
          "block has no parameters yet: train it or load a checkpoint first");
    }
    int[] order = new int[data.count()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    boolean[] mirror = null;
    if (mirrored) {
      mirror = new boolean[data.count()];
      Arrays.fill(mirror, true);
    }
    BatchFeeder feeder = new BatchFeeder(data, batchSize);
    try (NDManager manager = NDManager.newBaseManager();
        GradientMode noGrad = GradientMode.disabled()) {
      ParameterStore parameters = new ParameterStore(manager, false);
      for (int from = 0; from < data.count(); from += batchSize) {
        int size = Math.min(batchSize, data.count() - from);
        try (NDManager batchManager = manager.newSubManager()) {
          BatchFeeder.Batch batch = feeder.batch(batchManager, order, from, size, mirror);
          NDArray logits =
              block.forward(parameters, new NDList(batch.images()), false).singletonOrThrow();
          consumer.accept(from, size, logits);
        }
      }
    }
  }
}
