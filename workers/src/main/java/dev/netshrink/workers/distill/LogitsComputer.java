package dev.netshrink.workers.distill;

import ai.djl.Model;
import ai.djl.nn.Block;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.model.BatchedInference;

/**
 * Computes a trained network's raw logits (no softmax) for every image of a dataset, in dataset
 * order: the teacher's soft targets for distillation.
 */
public final class LogitsComputer {

  private LogitsComputer() {}

  public static TeacherLogits compute(Model model, ImageDataset data, int batchSize) {
    return compute(model.getBlock(), data, batchSize);
  }

  /** One row of {@code classes} logits per image of {@code data}, in its order. */
  public static TeacherLogits compute(Block block, ImageDataset data, int batchSize) {
    return new TeacherLogits(data.count(), data.classes(), view(block, data, batchSize, false));
  }

  /**
   * The logits of every image as it is and flipped left to right, for students trained with random
   * flips: twice the inference, still done once per campaign.
   */
  public static TeacherLogits computeBothViews(Model model, ImageDataset data, int batchSize) {
    Block block = model.getBlock();
    return new TeacherLogits(
        data.count(),
        data.classes(),
        view(block, data, batchSize, false),
        view(block, data, batchSize, true));
  }

  private static float[] view(Block block, ImageDataset data, int batchSize, boolean mirrored) {
    int classes = data.classes();
    float[] logits = new float[data.count() * classes];
    BatchedInference.run(
        block,
        data,
        batchSize,
        mirrored,
        (from, size, batchLogits) -> {
          float[] values = batchLogits.toFloatArray();
          if (values.length != size * classes) {
            throw new IllegalStateException(
                "network returns "
                    + batchLogits.getShape()
                    + " for "
                    + size
                    + " images, expected "
                    + classes
                    + " logits each");
          }
          System.arraycopy(values, 0, logits, from * classes, values.length);
        });
    return logits;
  }
}
