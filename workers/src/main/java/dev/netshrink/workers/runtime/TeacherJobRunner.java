package dev.netshrink.workers.runtime;

import ai.djl.Model;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.job.JobSpec.TeacherJob;
import dev.netshrink.protocol.spec.Architecture;
import dev.netshrink.protocol.spec.SpecDefaults;
import dev.netshrink.protocol.wire.LogitsBlock;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.distill.EpochReport;
import dev.netshrink.workers.distill.LogitsComputer;
import dev.netshrink.workers.distill.TeacherLogits;
import dev.netshrink.workers.distill.TeacherTrainer;
import dev.netshrink.workers.distill.TrainingSettings;
import dev.netshrink.workers.eval.Evaluator;
import dev.netshrink.workers.model.ModelCheckpoint;
import dev.netshrink.workers.model.ParameterCounts;
import dev.netshrink.workers.model.TorchScriptTeacher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The teacher job: train the teacher (or load the checkpoint the spec names, or a TorchScript
 * teacher trained elsewhere), then compute its logits for the training set ONCE (of both views when
 * the campaign trains with flips) and publish them, with the checkpoint for the pruner (a
 * TorchScript teacher has none to give). Logits are keyed by content: a teacher whose weights and
 * data an earlier campaign already turned into logits finds them on the topic and computes none.
 */
public final class TeacherJobRunner implements JobRunner {

  private final DatasetCache datasets;
  private final LogitsTransport logits;
  private final CheckpointTransport checkpoints;
  private final int evalBatchSize;
  private final WorkerMeters meters;
  private final Duration lookupTimeout;

  public TeacherJobRunner(
      DatasetCache datasets,
      LogitsTransport logits,
      CheckpointTransport checkpoints,
      int evalBatchSize,
      WorkerMeters meters,
      Duration lookupTimeout) {
    this.meters = meters;
    this.lookupTimeout = lookupTimeout;
    this.datasets = datasets;
    this.logits = logits;
    this.checkpoints = checkpoints;
    this.evalBatchSize = evalBatchSize;
  }

  @Override
  public void run(RunJob run, JobEvents events, Cancellation cancellation) throws Exception {
    long start = System.nanoTime();
    TeacherJob job = (TeacherJob) run.job();
    ImageDataset train = datasets.train(job.dataset());
    ImageDataset test = datasets.test(job.dataset());
    Architecture arch = job.teacher().arch();
    if (arch == Architecture.TORCHSCRIPT) {
      runImported(job, train, test, events, cancellation, start);
      return;
    }
    try (Model model =
        job.teacher().checkpoint() != null
            ? Networks.load(
                arch,
                List.of(),
                train,
                Files.readAllBytes(
                    datasets.roots().confine("teacher.checkpoint", job.teacher().checkpoint())))
            : Networks.build(arch, List.of(), train)) {
      double accuracy;
      int epochs = job.teacher().epochs();
      if (job.teacher().checkpoint() == null) {
        TrainingSettings settings =
            TrainingSettings.builder()
                .setEpochs(epochs)
                .setBatchSize(job.teacher().batchSize())
                .setLearningRate(job.teacher().learningRate().floatValue())
                .optCosineDecay(SpecDefaults.COSINE.equals(job.teacher().schedule()))
                .optMirrorImages(job.dataset().flips())
                .optSeed(job.seed())
                .build();
        List<EpochReport> reports =
            new TeacherTrainer(settings)
                .train(
                    model,
                    train,
                    test,
                    new TrainingReporter(events, epochs, meters, r -> {}),
                    cancellation::isCancelled);
        accuracy = reports.get(reports.size() - 1).evalAccuracy();
      } else {
        accuracy = Evaluator.accuracy(model, test, evalBatchSize);
      }
      cancellation.check();
      byte[] parameters = ModelCheckpoint.save(model);
      publishLogits(job, model, parameters, train, events);
      int chunks =
          checkpoints.publish(
              run.trialId(),
              run.attempt(),
              new CheckpointTransport.Checkpoint(arch, new int[0], epochs, parameters));
      events.checkpointSaved(epochs, chunks, parameters.length);
      events.completed(
          accuracy, ParameterCounts.trainable(model.getBlock()), (System.nanoTime() - start) / 1e9);
    }
  }

  /**
   * A teacher trained elsewhere (TorchScript): evaluated and asked for its logits, nothing else.
   */
  private void runImported(
      TeacherJob job,
      ImageDataset train,
      ImageDataset test,
      JobEvents events,
      Cancellation cancellation,
      long start)
      throws Exception {
    Path file = datasets.roots().confine("teacher.checkpoint", job.teacher().checkpoint());
    try (Model model = TorchScriptTeacher.load(file)) {
      double accuracy = Evaluator.accuracy(model, test, evalBatchSize);
      cancellation.check();
      publishLogits(job, model, Files.readAllBytes(file), train, events);
      events.completed(
          accuracy, TorchScriptTeacher.parameterCount(model), (System.nanoTime() - start) / 1e9);
    }
  }

  /**
   * Publishes the teacher's logits under their content key ({@link LogitsKeys}), or nothing when an
   * earlier campaign's teacher left the same ones on the topic.
   */
  private void publishLogits(
      TeacherJob job, Model model, byte[] weights, ImageDataset train, JobEvents events) {
    LogitsBlock.Precision precision =
        LogitsBlock.Precision.valueOf(job.logitsPrecision().toUpperCase(Locale.ROOT));
    boolean mirrored = job.dataset().flips();
    String key = LogitsKeys.of(weights, train, mirrored, precision);
    Optional<LogitsTransport.Published> earlier =
        logits.find(key, train.count(), train.classes(), mirrored, precision, lookupTimeout);
    if (earlier.isPresent()) {
      meters.logits(WorkerMeters.LogitsSource.REUSED);
      announce(key, train.count(), train.classes(), job, earlier.get(), true, events);
      return;
    }
    events.progress("logits", 0, train.count());
    // the computer checks that the teacher gives one logit per class of the dataset
    TeacherLogits trainLogits =
        mirrored
            ? LogitsComputer.computeBothViews(model, train, evalBatchSize)
            : LogitsComputer.compute(model, train, evalBatchSize);
    LogitsTransport.Published published = logits.publish(key, trainLogits, precision);
    meters.logits(WorkerMeters.LogitsSource.COMPUTED);
    announce(key, trainLogits.images(), trainLogits.classes(), job, published, false, events);
  }

  private static void announce(
      String key,
      int images,
      int classes,
      TeacherJob job,
      LogitsTransport.Published published,
      boolean reused,
      JobEvents events) {
    events.logitsPublished(
        key, images, classes, job.logitsPrecision(), published.blocks(), published.bytes(), reused);
  }
}
