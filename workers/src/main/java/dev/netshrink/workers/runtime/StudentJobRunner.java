package dev.netshrink.workers.runtime;

import ai.djl.Model;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.job.JobSpec.StudentJob;
import dev.netshrink.protocol.spec.Architecture;
import dev.netshrink.protocol.spec.DatasetSpec;
import dev.netshrink.protocol.spec.SpecDefaults;
import dev.netshrink.protocol.spec.StudentSpec;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.distill.DistillationTrainer;
import dev.netshrink.workers.distill.EpochReport;
import dev.netshrink.workers.distill.KnowledgeDistillationLoss;
import dev.netshrink.workers.distill.TeacherLogits;
import dev.netshrink.workers.distill.TrainingSettings;
import dev.netshrink.workers.eval.Evaluator;
import dev.netshrink.workers.model.ModelCheckpoint;
import dev.netshrink.workers.model.ParameterCounts;
import java.util.List;

/**
 * One student trial: read the teacher's logits from Kafka (no teacher forward pass here), distil
 * with the trial's alpha and temperature, checkpoint after every epoch. A retried attempt resumes
 * after the last checkpointed epoch, with the parameters and Adam's state saved then: it ends where
 * the uninterrupted attempt would have.
 */
public final class StudentJobRunner implements JobRunner {

  private final DatasetCache datasets;
  private final LogitsTransport logits;
  private final CheckpointTransport checkpoints;
  private final WorkerMeters meters;
  private final int evalBatchSize;
  private final WorkerSettings.TransferTimeouts timeouts;

  public StudentJobRunner(
      DatasetCache datasets,
      LogitsTransport logits,
      CheckpointTransport checkpoints,
      WorkerMeters meters,
      int evalBatchSize,
      WorkerSettings.TransferTimeouts timeouts) {
    this.meters = meters;
    this.evalBatchSize = evalBatchSize;
    this.timeouts = timeouts;
    this.datasets = datasets;
    this.logits = logits;
    this.checkpoints = checkpoints;
  }

  @Override
  public void run(RunJob run, JobEvents events, Cancellation cancellation) throws Exception {
    long start = System.nanoTime();
    StudentJob job = (StudentJob) run.job();
    ImageDataset train = datasets.train(job.dataset());
    ImageDataset test = datasets.test(job.dataset());
    if (job.logitsCount() != train.count()) {
      throw new IllegalStateException(
          "teacher logits cover "
              + job.logitsCount()
              + " images but this worker's training set has "
              + train.count());
    }
    TeacherLogits teacherLogits =
        logits.read(
            job.logitsKey(),
            train.count(),
            train.classes(),
            job.dataset().flips(),
            timeouts.logits());
    int epochs = job.student().epochs();
    TrainingSettings.Builder builder =
        studentSettings(job.student(), job.dataset(), job.seed(), epochs);
    if (run.attempt() > 1) {
      // a retried trial continues from its last checkpoint instead of starting over
      checkpoints
          .readLatest(run.trialId(), timeouts.checkpoint())
          .filter(c -> c.epoch() <= epochs)
          .ifPresent(c -> builder.optResume(c.epoch(), c.parameters(), c.optimizerState()));
    }
    TrainingSettings settings = builder.build();
    Architecture arch = job.student().arch();
    int[] widths = job.student().widths().stream().mapToInt(Integer::intValue).toArray();
    try (Model model = Networks.build(arch, job.student().widths(), train)) {
      List<EpochReport> reports =
          new DistillationTrainer(
                  settings,
                  new KnowledgeDistillationLoss((float) job.alpha(), (float) job.temperature()))
              .train(
                  model,
                  train,
                  teacherLogits,
                  test,
                  new TrainingReporter(
                      events,
                      epochs,
                      meters,
                      point -> {
                        byte[] parameters = point.parameters();
                        int chunks =
                            checkpoints.publish(
                                run.trialId(),
                                run.attempt(),
                                new CheckpointTransport.Checkpoint(
                                    arch,
                                    widths,
                                    point.epoch(),
                                    parameters,
                                    point.optimizerState()));
                        events.checkpointSaved(point.epoch(), chunks, parameters.length);
                      }),
                  cancellation::isCancelled);
      // a resumed attempt whose checkpoint was already the last epoch trains no further; its
      // result is that checkpoint, which must then be this attempt's too: the pruner reads the
      // checkpoint of the attempt whose result counted
      if (reports.isEmpty()) {
        byte[] parameters = ModelCheckpoint.save(model);
        int chunks =
            checkpoints.publish(
                run.trialId(),
                run.attempt(),
                new CheckpointTransport.Checkpoint(arch, widths, epochs, parameters));
        events.checkpointSaved(epochs, chunks, parameters.length);
      }
      double accuracy =
          reports.isEmpty()
              ? Evaluator.accuracy(model, test, evalBatchSize)
              : reports.get(reports.size() - 1).evalAccuracy();
      var unlabelled = datasets.evaluation(job.dataset());
      if (unlabelled.isPresent()) {
        events.predictions(
            unlabelled.get().ids(),
            Evaluator.predictions(model.getBlock(), unlabelled.get().images(), evalBatchSize));
      }
      events.completed(
          accuracy, ParameterCounts.trainable(model.getBlock()), (System.nanoTime() - start) / 1e9);
    }
  }

  /**
   * How a student trains, the trial's and a pruned student's fine-tuning alike: its batch size,
   * learning rate and schedule, the campaign's flips and seed.
   */
  static TrainingSettings.Builder studentSettings(
      StudentSpec student, DatasetSpec dataset, long seed, int epochs) {
    return TrainingSettings.builder()
        .setEpochs(epochs)
        .setBatchSize(student.batchSize())
        .setLearningRate(student.learningRate().floatValue())
        .optCosineDecay(SpecDefaults.COSINE.equals(student.schedule()))
        .optMirrorImages(dataset.flips())
        .optSeed(seed);
  }
}
