package dev.netshrink.workers.runtime;

import ai.djl.Model;
import dev.netshrink.protocol.job.Assignment;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.job.Assignment.RunPack;
import dev.netshrink.protocol.job.JobSpec.StudentJob;
import dev.netshrink.protocol.spec.Architecture;
import dev.netshrink.protocol.spec.DatasetSpec;
import dev.netshrink.protocol.spec.SpecDefaults;
import dev.netshrink.protocol.spec.StudentSpec;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.distill.DistillationTrainer;
import dev.netshrink.workers.distill.EpochListener;
import dev.netshrink.workers.distill.EpochReport;
import dev.netshrink.workers.distill.KnowledgeDistillationLoss;
import dev.netshrink.workers.distill.TeacherLogits;
import dev.netshrink.workers.distill.TrainingSettings;
import dev.netshrink.workers.eval.Evaluator;
import dev.netshrink.workers.model.ModelCheckpoint;
import dev.netshrink.workers.model.ParameterCounts;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One student trial (or, through {@link PackJobRunner}, a fused pack of them): read the teacher's
 * logits from Kafka (no teacher forward pass here), distil with the trial's alpha and temperature,
 * checkpoint after every epoch. A retried attempt resumes after the last checkpointed epoch, with
 * the parameters and Adam's state saved then: it ends where the uninterrupted attempt would have.
 */
public final class StudentJobRunner implements JobRunner {

  private static final Logger log = LoggerFactory.getLogger(StudentJobRunner.class);

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

  /** A retried trial's last checkpoint: the epoch it ends, its parameters and Adam's state. */
  record Resume(int epoch, byte[] parameters, byte[] optimizerState) {}

  @Override
  public void run(RunJob run, JobEvents events, Cancellation cancellation) throws Exception {
    long start = System.nanoTime();
    StudentJob job = (StudentJob) run.job();
    ImageDataset train = trainingSet(job);
    // a stop that came while the data loaded ends the job here, not after the first batch
    cancellation.check();
    TeacherLogits teacherLogits = logits(job, train);
    cancellation.check();
    int epochs = job.student().epochs();
    TrainingSettings.Builder builder =
        studentSettings(job.student(), job.dataset(), job.seed(), epochs);
    resume(run, epochs)
        .ifPresent(c -> builder.optResume(c.epoch(), c.parameters(), c.optimizerState()));
    TrainingSettings settings = builder.build();
    try (Model model = Networks.build(job.student().arch(), job.student().widths(), train)) {
      List<EpochReport> reports =
          new DistillationTrainer(
                  settings,
                  new KnowledgeDistillationLoss((float) job.alpha(), (float) job.temperature()))
              .train(
                  model,
                  train,
                  teacherLogits,
                  testSet(job),
                  reporter(run, events),
                  cancellation::isCancelled);
      finish(
          run,
          events,
          model,
          reports.isEmpty() ? Optional.empty() : Optional.of(reports.get(reports.size() - 1)),
          start);
    }
  }

  @Override
  public void runPack(
      RunPack pack, List<JobEvents> events, List<Cancellation> stops, Cancellation all)
      throws Exception {
    new PackJobRunner(this).run(pack, events, stops, all);
  }

  ImageDataset trainingSet(StudentJob job) {
    ImageDataset train = datasets.train(job.dataset());
    if (job.logitsCount() != train.count()) {
      throw new IllegalStateException(
          "teacher logits cover "
              + job.logitsCount()
              + " images but this worker's training set has "
              + train.count());
    }
    return train;
  }

  ImageDataset testSet(StudentJob job) {
    return datasets.test(job.dataset());
  }

  TeacherLogits logits(StudentJob job, ImageDataset train) {
    return logits.read(
        job.logitsKey(), train.count(), train.classes(), job.dataset().flips(), timeouts.logits());
  }

  /**
   * Where a retried attempt continues: the checkpoint its assignment names (the last one the
   * orchestrator accepted), if that is still on the topic; otherwise from scratch. Never another
   * checkpoint: a fenced attempt may have written later ones whose epochs the history lacks.
   */
  Optional<Resume> resume(RunJob run, int epochs) {
    Assignment.ResumeFrom from = run.resumeFrom();
    if (from == null) { // a first attempt, or a retry with no accepted checkpoint
      return Optional.empty();
    }
    Optional<Resume> resume =
        checkpoints
            .readExactly(from.jobId(), from.epoch(), timeouts.checkpoint())
            .filter(c -> c.epoch() <= epochs)
            .map(c -> new Resume(c.epoch(), c.parameters(), c.optimizerState()));
    if (resume.isEmpty()) {
      log.warn(
          "{}: checkpoint of {} after epoch {} is gone; training from scratch",
          run.jobId(),
          from.jobId(),
          from.epoch());
    }
    return resume;
  }

  /** Epoch events and a checkpoint after every epoch, for this attempt of this trial. */
  EpochListener reporter(RunJob run, JobEvents events) {
    StudentJob job = (StudentJob) run.job();
    Architecture arch = job.student().arch();
    int[] widths = job.student().widths().stream().mapToInt(Integer::intValue).toArray();
    return new TrainingReporter(
        events,
        job.student().epochs(),
        meters,
        point -> {
          byte[] parameters = point.parameters();
          int chunks =
              checkpoints.publish(
                  run.trialId(),
                  run.attempt(),
                  new CheckpointTransport.Checkpoint(
                      arch, widths, point.epoch(), parameters, point.optimizerState()));
          events.checkpointSaved(point.epoch(), chunks, parameters.length);
        });
  }

  /**
   * Ends a trained trial: its accuracy (the last epoch's, or measured now), its predictions where
   * the dataset has unlabelled images, and its result.
   */
  void finish(
      RunJob run, JobEvents events, Model model, Optional<EpochReport> last, long startNanos) {
    StudentJob job = (StudentJob) run.job();
    int epochs = job.student().epochs();
    ImageDataset test = testSet(job);
    // a resumed attempt whose checkpoint was already the last epoch trains no further; its
    // result is that checkpoint, which must then be this attempt's too: the pruner reads the
    // checkpoint of the attempt whose result counted
    if (last.isEmpty()) {
      byte[] parameters = ModelCheckpoint.save(model);
      int[] widths = job.student().widths().stream().mapToInt(Integer::intValue).toArray();
      int chunks =
          checkpoints.publish(
              run.trialId(),
              run.attempt(),
              new CheckpointTransport.Checkpoint(job.student().arch(), widths, epochs, parameters));
      events.checkpointSaved(epochs, chunks, parameters.length);
    }
    double accuracy =
        last.map(EpochReport::evalAccuracy)
            .orElseGet(() -> Evaluator.accuracy(model, test, evalBatchSize));
    var unlabelled = datasets.evaluation(job.dataset());
    if (unlabelled.isPresent()) {
      events.predictions(
          unlabelled.get().ids(),
          Evaluator.predictions(model.getBlock(), unlabelled.get().images(), evalBatchSize));
    }
    events.completed(
        accuracy,
        ParameterCounts.trainable(model.getBlock()),
        (System.nanoTime() - startNanos) / 1e9);
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
