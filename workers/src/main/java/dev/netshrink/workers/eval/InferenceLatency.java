package dev.netshrink.workers.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.netshrink.workers.data.BatchFeeder;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.model.GradientMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Inference latency of one batch: the same batch is run untimed until warm, then {@code repeats}
 * times timed, and the median is reported, which one slow outlier (GC, another process) cannot
 * move, with the 10th and 90th percentiles around it.
 *
 * <p>Warm means stable: runs go in groups of {@code warmup}, at least {@link #MIN_WARMUP_NANOS} in
 * all, until two groups in a row have medians within 10% of each other (at most {@link
 * #MAX_WARMUP_NANOS}). A fixed count did not do: the first network a process measured came out 10x
 * slower than the identical network a moment later (310 vs 32 ms per batch of 256 for the student,
 * 270 vs 48 ms for the teacher, with 3 warm-up runs or 0.25 s of them) while the native allocator
 * grew to the sizes of the new activations.
 */
public final class InferenceLatency {

  /**
   * Seconds per batch of {@code batchSize} images over the timed repeats: the median, the extremes
   * and the 10th and 90th percentiles (nearest rank), so that two points can be told apart from
   * noise.
   */
  public record Latency(
      int batchSize,
      double medianSeconds,
      double minSeconds,
      double maxSeconds,
      double p10Seconds,
      double p90Seconds) {}

  public static final int DEFAULT_WARMUP = 5;
  public static final long MIN_WARMUP_NANOS = 250_000_000L;
  public static final long MAX_WARMUP_NANOS = 10_000_000_000L;

  /** 21: the 10th and 90th percentiles are then the 3rd and 19th of the sorted times. */
  public static final int DEFAULT_REPEATS = 21;

  private InferenceLatency() {}

  public static Latency measure(Block block, ImageDataset data, int batchSize) {
    return measure(block, data, batchSize, DEFAULT_WARMUP, DEFAULT_REPEATS);
  }

  public static Latency measure(
      Block block, ImageDataset data, int batchSize, int warmup, int repeats) {
    return time(List.of(block), data, batchSize, warmup, repeats).get(0);
  }

  /** A network's latency and a reference's, timed alternately: see {@link #paired}. */
  public record Paired(Latency subject, Latency reference) {}

  /**
   * {@code subject} and {@code reference} (e.g. a pruned network and its dense original) on the
   * same batch, the timed passes alternated (subject first in even repeats, reference first in odd
   * ones), so that whatever drifts meanwhile (the clock, a neighbour, the allocator) moves both
   * alike and their ratio holds where each figure alone would not.
   */
  public static Paired paired(Block subject, Block reference, ImageDataset data, int batchSize) {
    List<Latency> both =
        time(List.of(subject, reference), data, batchSize, DEFAULT_WARMUP, DEFAULT_REPEATS);
    return new Paired(both.get(0), both.get(1));
  }

  /** Each block warmed up, then {@code repeats} rounds timing each once, the order turning. */
  private static List<Latency> time(
      List<Block> blocks, ImageDataset data, int batchSize, int warmup, int repeats) {
    if (repeats <= 0) {
      throw new IllegalArgumentException("repeats must be positive, was " + repeats);
    }
    int size = Math.min(batchSize, data.count());
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    double[][] seconds = new double[blocks.size()][repeats];
    BatchFeeder feeder = new BatchFeeder(data, size);
    try (NDManager manager = NDManager.newBaseManager();
        GradientMode noGrad = GradientMode.disabled()) {
      ParameterStore parameters = new ParameterStore(manager, false);
      NDArray images = feeder.batch(manager, order, 0, size).images();
      for (Block block : blocks) {
        warmUp(block, parameters, images, Math.max(1, warmup));
      }
      for (int i = 0; i < repeats; i++) {
        for (int k = 0; k < blocks.size(); k++) {
          int b = i % 2 == 0 ? k : blocks.size() - 1 - k;
          seconds[b][i] = forward(blocks.get(b), parameters, images);
        }
      }
    }
    List<Latency> latencies = new ArrayList<>();
    for (double[] times : seconds) {
      latencies.add(summary(size, times));
    }
    return latencies;
  }

  private static Latency summary(int batchSize, double[] seconds) {
    double[] sorted = seconds.clone();
    Arrays.sort(sorted);
    return new Latency(
        batchSize,
        median(sorted),
        sorted[0],
        sorted[sorted.length - 1],
        percentile(sorted, 0.10),
        percentile(sorted, 0.90));
  }

  private static void warmUp(Block block, ParameterStore parameters, NDArray images, int group) {
    long start = System.nanoTime();
    double previous = Double.NaN;
    while (true) {
      double[] times = new double[group];
      for (int i = 0; i < group; i++) {
        times[i] = forward(block, parameters, images);
      }
      Arrays.sort(times);
      double current = median(times);
      long elapsed = System.nanoTime() - start;
      boolean stable = Math.abs(current - previous) <= 0.1 * Math.min(current, previous);
      if (elapsed >= MAX_WARMUP_NANOS || (stable && elapsed >= MIN_WARMUP_NANOS)) {
        return;
      }
      previous = current;
    }
  }

  /**
   * One timed forward pass. Its activations go to a scope of their own, freed after the pass: on
   * the batch's manager they lived until the whole measurement ended, and the hundreds of passes of
   * a warm-up held gigabytes (a pruner reached 10 GB resident in a 40-point sweep).
   */
  static double forward(Block block, ParameterStore parameters, NDArray images) {
    try (NDManager scope = images.getManager().newSubManager()) {
      images.tempAttach(scope); // back to its own manager when the scope closes
      long start = System.nanoTime();
      NDList out = block.forward(parameters, new NDList(images), false);
      // toFloatArray waits for the result: the timing covers the whole forward pass
      out.singletonOrThrow().toFloatArray();
      return (System.nanoTime() - start) / 1e9;
    }
  }

  /** Nearest rank: the smallest value with at least {@code share} of the values at or below it. */
  static double percentile(double[] sorted, double share) {
    int rank = (int) Math.ceil(share * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
