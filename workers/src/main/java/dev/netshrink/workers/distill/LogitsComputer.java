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
    int classes = data.classes();
    float[] logits = new float[data.count() * classes];
    BatchedInference.run(
        block,
        data,
        batchSize,
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
    return new TeacherLogits(data.count(), classes, logits);
  }
}
