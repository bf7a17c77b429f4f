package dev.netshrink.workers.runtime;

import ai.djl.Model;
import dev.netshrink.protocol.job.JobSpec.PruneJob;
import dev.netshrink.protocol.job.JobSpec.PruneTarget;
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

  /**
   * A fine-tuner for the sweeps ({@code epochs} epochs per network) that also holds on to the
   * network it trained, for the caller to keep.
   */
  Capturing capturing(int epochs) {
    return new Capturing(epochs);
  }

  /** Fine-tunes each network handed to it and holds the last result until it is taken. */
  final class Capturing implements FineTuner {
    private final int epochs;
    private Tuned last;
    private int[] lastWidths;

    private Capturing(int epochs) {
      this.epochs = epochs;
    }

    @Override
    public double fineTune(byte[] parameters, int[] widths, List<float[]> zeroMasks)
        throws Exception {
      last = train(parameters, widths, zeroMasks, epochs);
      lastWidths = widths;
      return last.accuracy();
    }

    /** The network fine-tuned last, or null when none was since the last call. */
    Tuned take() {
      Tuned taken = last;
      last = null;
      return taken;
    }

    /** Its widths when channel pruning changed them, else null (the target's). */
    int[] takenWidths() {
      return lastWidths;
    }
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
        StudentJobRunner.studentSettings(job.student(), job.dataset(), job.seed(), epochs)
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
