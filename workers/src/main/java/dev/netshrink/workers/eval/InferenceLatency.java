package dev.netshrink.workers.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.netshrink.workers.data.BatchFeeder;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.model.GradientMode;
import java.util.Arrays;

/**
 * Inference latency of one batch: the same batch is run untimed until warm, then {@code repeats}
 * times timed, and the median is reported, which one slow outlier (GC, another process) cannot
 * move.
 *
 * <p>Warm means at least {@code warmup} runs and at least {@link #MIN_WARMUP_NANOS} of them: with
 * only 3 warm-up runs the first model a pruner measured came out 5.6x slower than the identical
 * network measured a moment later (279 vs 50 ms per batch of 256 for the teacher), while the
 * allocator and the kernels settled; a run count alone does not adapt to the size of the model.
 */
public final class InferenceLatency {

  /** Seconds per batch of {@code batchSize} images over the timed repeats. */
  public record Latency(int batchSize, double medianSeconds, double minSeconds, double maxSeconds) {}

  public static final int DEFAULT_WARMUP = 5;
  public static final long MIN_WARMUP_NANOS = 250_000_000L;
  public static final int DEFAULT_REPEATS = 15;

  private InferenceLatency() {}

  public static Latency measure(Block block, ImageDataset data, int batchSize) {
    return measure(block, data, batchSize, DEFAULT_WARMUP, DEFAULT_REPEATS);
  }

  public static Latency measure(Block block, ImageDataset data, int batchSize, int warmup,
      int repeats) {
    if (repeats <= 0) {
      throw new IllegalArgumentException("repeats must be positive, was " + repeats);
    }
    int size = Math.min(batchSize, data.count());
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    double[] seconds = new double[repeats];
    BatchFeeder feeder = new BatchFeeder(data, size);
    try (NDManager manager = NDManager.newBaseManager();
        GradientMode noGrad = GradientMode.disabled()) {
      ParameterStore parameters = new ParameterStore(manager, false);
      NDArray images = feeder.batch(manager, order, 0, size).images();
      long warmupStart = System.nanoTime();
      for (int i = 0; i < warmup || System.nanoTime() - warmupStart < MIN_WARMUP_NANOS; i++) {
        forward(block, parameters, images);
      }
      for (int i = 0; i < repeats; i++) {
        seconds[i] = forward(block, parameters, images);
      }
    }
    double[] sorted = seconds.clone();
    Arrays.sort(sorted);
    return new Latency(size, median(sorted), sorted[0], sorted[sorted.length - 1]);
  }

  private static double forward(Block block, ParameterStore parameters, NDArray images) {
    long start = System.nanoTime();
    try (NDList out = block.forward(parameters, new NDList(images), false)) {
      // toFloatArray waits for the result: the timing covers the whole forward pass
      out.singletonOrThrow().toFloatArray();
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
