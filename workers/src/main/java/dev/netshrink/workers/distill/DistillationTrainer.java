package dev.netshrink.workers.distill;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.model.GradientMode;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Trains a student network on a teacher's logits with {@link KnowledgeDistillationLoss}. The
 * teacher itself is not needed: its logits for the training images are computed once up front
 * ({@link LogitsComputer}) and shuffled together with the images. With random flips, each image the
 * student sees flipped is matched with the logits of the flipped view, computed once too. Only one
 * training (of either kind) may run in a JVM at a time.
 */
public final class DistillationTrainer {

  private final TrainingSettings settings;
  private final KnowledgeDistillationLoss loss;

  public DistillationTrainer(TrainingSettings settings, KnowledgeDistillationLoss loss) {
    this.settings = settings;
    this.loss = loss;
  }

  /**
   * Trains {@code student} in place (initializing it first if it has no parameters yet).
   *
   * @param teacherLogits the teacher's logits for {@code train}'s images, in its order
   * @param eval images to measure accuracy on after every epoch, or null to skip
   * @param cancelled polled between batches; training also stops when the thread is interrupted
   * @return the reports of the epochs run by this call
   * @throws java.util.concurrent.CancellationException when cancelled or interrupted
   * @throws MalformedModelException when resume parameters do not fit the student
   */
  public List<EpochReport> train(
      Model student,
      ImageDataset train,
      TeacherLogits teacherLogits,
      ImageDataset eval,
      EpochListener listener,
      BooleanSupplier cancelled)
      throws MalformedModelException {
    if (teacherLogits.images() != train.count() || teacherLogits.classes() != train.classes()) {
      throw new IllegalArgumentException(
          teacherLogits
              + " do not fit "
              + train.count()
              + " training images x "
              + train.classes()
              + " classes");
    }
    if (settings.mirrorImages() && !teacherLogits.hasMirrored()) {
      // the unflipped image's logits are another input's: the student would learn wrong targets
      throw new IllegalArgumentException(
          "training with flipped images needs the teacher's logits of the flipped view, "
              + teacherLogits
              + " has none");
    }
    BatchObjective objective =
        (batch, logits, labels) -> {
          NDArray teacher =
              batch
                  .feeder()
                  .rows(
                      batch.manager(),
                      teacherLogits.values(),
                      teacherLogits.mirrored(),
                      batch.mirror(),
                      teacherLogits.classes(),
                      batch.order(),
                      batch.from(),
                      batch.size());
          return loss.terms(logits, teacher, labels);
        };
    return new TrainingLoop(settings, loss, objective)
        .run(student, train, eval, listener, cancelled);
  }

  /**
   * The naive form of the homework, for benchmark 2 only: the teacher runs forward (inference mode,
   * no gradients) on every batch inside every student step, instead of its logits being computed
   * once. Same loss, same batches, same result up to float rounding.
   */
  public List<EpochReport> trainWithLiveTeacher(
      Model student,
      ImageDataset train,
      Block teacher,
      ImageDataset eval,
      EpochListener listener,
      BooleanSupplier cancelled)
      throws MalformedModelException {
    BatchObjective objective =
        (batch, logits, labels) -> {
          NDArray teacherLogits;
          try (GradientMode off = GradientMode.disabled()) {
            teacherLogits =
                teacher
                    .forward(
                        new ParameterStore(batch.manager(), false),
                        new NDList(batch.images()),
                        false)
                    .singletonOrThrow();
          }
          return loss.terms(logits, teacherLogits, labels);
        };
    return new TrainingLoop(settings, loss, objective)
        .run(student, train, eval, listener, cancelled);
  }
}
