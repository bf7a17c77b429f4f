package dev.netshrink.workers.eval;

import ai.djl.Model;
import ai.djl.nn.Block;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.model.BatchedInference;
import java.util.List;

/** Measures a trained network's top-1 accuracy on labelled images. */
public final class Evaluator {

  private Evaluator() {}

  public static double accuracy(Model model, ImageDataset data, int batchSize) {
    return accuracy(model.getBlock(), data, batchSize);
  }

  /** Fraction of images whose largest logit is the true class (first index wins a tie). */
  public static double accuracy(Block block, ImageDataset data, int batchSize) {
    if (data.count() == 0) {
      return Double.NaN;
    }
    int classes = data.classes();
    int[] labels = data.labels();
    long[] correct = {0};
    BatchedInference.run(
        block,
        data,
        batchSize,
        (from, size, logits) -> {
          float[] values = logits.toFloatArray();
          for (int i = 0; i < size; i++) {
            if (argMax(values, i * classes, classes) == labels[from + i]) {
              correct[0]++;
            }
          }
        });
    return (double) correct[0] / data.count();
  }

  /**
   * Top-1 accuracy of each of the {@code members} students of a fused network (whose logits are
   * (batch, members x classes), member {@code k}'s at columns {@code k*classes ..}), from one pass.
   */
  public static double[] packAccuracy(Block fused, int members, ImageDataset data, int batchSize) {
    double[] accuracy = new double[members];
    if (data.count() == 0) {
      java.util.Arrays.fill(accuracy, Double.NaN);
      return accuracy;
    }
    int classes = data.classes();
    int[] labels = data.labels();
    long[] correct = new long[members];
    BatchedInference.run(
        fused,
        data,
        batchSize,
        (from, size, logits) -> {
          float[] values = logits.toFloatArray();
          for (int i = 0; i < size; i++) {
            for (int k = 0; k < members; k++) {
              if (argMax(values, (i * members + k) * classes, classes) == labels[from + i]) {
                correct[k]++;
              }
            }
          }
        });
    for (int k = 0; k < members; k++) {
      accuracy[k] = (double) correct[k] / data.count();
    }
    return accuracy;
  }

  /** The predicted class (largest logit, first index on a tie) of every image, in order. */
  public static List<Integer> predictions(Block block, ImageDataset data, int batchSize) {
    int classes = data.classes();
    Integer[] predicted = new Integer[data.count()];
    BatchedInference.run(
        block,
        data,
        batchSize,
        (from, size, logits) -> {
          float[] values = logits.toFloatArray();
          for (int i = 0; i < size; i++) {
            predicted[from + i] = argMax(values, i * classes, classes);
          }
        });
    return List.of(predicted);
  }

  private static int argMax(float[] values, int offset, int length) {
    int best = 0;
    for (int c = 1; c < length; c++) {
      if (values[offset + c] > values[offset + best]) {
        best = c;
      }
    }
    return best;
  }
}
