package dev.netshrink.workers.distill;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.training.loss.Loss;
import dev.netshrink.workers.data.ImageDataset;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Trains a network on hard labels only (cross entropy): the teacher, or a student baseline without
 * KD.
 */
public final class TeacherTrainer {

  private final TrainingSettings settings;

  public TeacherTrainer(TrainingSettings settings) {
    this.settings = settings;
  }

  /**
   * Trains {@code model} in place; reports carry {@code meanKd = 0}.
   *
   * @throws java.util.concurrent.CancellationException when cancelled or interrupted
   * @throws MalformedModelException when resume parameters do not fit the model
   */
  public List<EpochReport> train(
      Model model,
      ImageDataset train,
      ImageDataset eval,
      EpochListener listener,
      BooleanSupplier cancelled)
      throws MalformedModelException {
    BatchObjective objective =
        (batch, logits, labels) -> {
          NDArray ce = KnowledgeDistillationLoss.crossEntropy(logits, labels);
          return new LossTerms(ce, batch.manager().zeros(ce.getShape()), ce);
        };
    return new TrainingLoop(settings, Loss.softmaxCrossEntropyLoss(), objective)
        .run(model, train, eval, listener, cancelled);
  }
}
