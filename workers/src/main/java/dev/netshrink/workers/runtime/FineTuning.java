package dev.netshrink.workers.runtime;

import ai.djl.Model;
import dev.netshrink.protocol.job.JobSpec.PruneJob;
import dev.netshrink.protocol.job.JobSpec.PruneTarget;
import dev.netshrink.protocol.spec.SpecDefaults;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.distill.DistillationTrainer;
import dev.netshrink.workers.distill.EpochListener;
import dev.netshrink.workers.distill.EpochReport;
import dev.netshrink.workers.distill.KnowledgeDistillationLoss;
import dev.netshrink.workers.distill.TeacherLogits;
import dev.netshrink.workers.distill.TeacherTrainer;
import dev.netshrink.workers.distill.TrainingSettings;
import dev.netshrink.workers.model.ModelCheckpoint;
import dev.netshrink.workers.prune.FineTuner;
import dev.netshrink.workers.prune.KeepPrunedZero;
import java.util.Arrays;
import java.util.List;

/**
 * Fine-tuning of one prune target's pruned networks: KD on the cached teacher logits (with the
 * trial's alpha and T) for a student, CE for the teacher; the student's batch size, learning rate
 * and schedule, the campaign's seed and flips; pruned weights stay zero. Trains a copy, so the
 * network handed in is never changed.
 */
final class FineTuning {

  /** A fine-tuned network: its test accuracy and its parameters. */
  record Tuned(double accuracy, byte[] parameters) {}

  private final PruneJob job;
  private final PruneTarget target;
  private final ImageDataset train;
  private final ImageDataset test;
  private final TeacherLogits teacherLogits;
  private final Cancellation cancellation;

  /**
   * @param teacherLogits the training images' logits, null to fine-tune on labels (a teacher)
   */
  FineTuning(
      PruneJob job,
      PruneTarget target,
      ImageDataset train,
      ImageDataset test,
      TeacherLogits teacherLogits,
      Cancellation cancellation) {
    this.job = job;
    this.target = target;
    this.train = train;
    this.test = test;
    this.teacherLogits = teacherLogits;
    this.cancellation = cancellation;
  }

  /** The sweep's fine-tuner: {@code epochs} epochs per point, the accuracy after them. */
  FineTuner epochs(int epochs) {
    return (parameters, widths, zeroMasks) ->
        train(parameters, widths, zeroMasks, epochs).accuracy();
  }

  /**
   * Trains a copy of a pruned network.
   *
   * @param widths its channel widths when structured pruning changed them, else null
   * @param zeroMasks per convolution weight, 0 where a weight was pruned; null when none is masked
   */
  Tuned train(byte[] parameters, int[] widths, List<float[]> zeroMasks, int epochs)
      throws Exception {
    TrainingSettings.Builder settings =
        TrainingSettings.builder()
            .setEpochs(epochs)
            .setBatchSize(job.student().batchSize())
            .setLearningRate(job.student().learningRate().floatValue())
            .optCosineDecay(SpecDefaults.COSINE.equals(job.student().schedule()))
            .optMirrorImages(job.dataset().flips())
            .optSeed(job.seed())
            .optInitialParameters(parameters);
    if (zeroMasks != null) {
      settings.optAfterStep(new KeepPrunedZero(zeroMasks));
    }
    List<Integer> shape = widths == null ? target.widths() : Arrays.stream(widths).boxed().toList();
    try (Model copy = Networks.build(target.arch(), shape, train)) {
      List<EpochReport> reports =
          teacherLogits == null
              ? new TeacherTrainer(settings.build())
                  .train(copy, train, test, EpochListener.NONE, cancellation::isCancelled)
              : new DistillationTrainer(
                      settings.build(),
                      new KnowledgeDistillationLoss(
                          target.alpha().floatValue(), target.temperature().floatValue()))
                  .train(
                      copy,
                      train,
                      teacherLogits,
                      test,
                      EpochListener.NONE,
                      cancellation::isCancelled);
      return new Tuned(reports.get(reports.size() - 1).evalAccuracy(), ModelCheckpoint.save(copy));
    }
  }
}
