package dev.netshrink.workers.runtime;

import ai.djl.Model;
import dev.netshrink.protocol.event.KeptModel;
import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.job.JobSpec.PruneJob;
import dev.netshrink.protocol.job.JobSpec.PruneTarget;
import dev.netshrink.protocol.spec.PruningMethod;
import dev.netshrink.protocol.spec.SpecDefaults;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.distill.DistillationTrainer;
import dev.netshrink.workers.distill.EpochListener;
import dev.netshrink.workers.distill.EpochReport;
import dev.netshrink.workers.distill.KnowledgeDistillationLoss;
import dev.netshrink.workers.distill.TeacherLogits;
import dev.netshrink.workers.distill.TeacherTrainer;
import dev.netshrink.workers.distill.TrainingSettings;
import dev.netshrink.workers.model.Architectures;
import dev.netshrink.workers.prune.FineTuner;
import dev.netshrink.workers.prune.KeepPrunedZero;
import dev.netshrink.workers.prune.PruningSweep;
import dev.netshrink.workers.prune.StructuredSweep;
import dev.netshrink.workers.prune.SweepMeasurement;
import java.util.Arrays;
import java.util.List;

/**
 * The pruning sweep: for each target (best student, teacher) load its checkpoint from Kafka, and
 * for each method and ratio measure accuracy, parameters, MACs and inference latency: masked for
 * unstructured methods, a physically narrower copy for structured ones. With fine-tuning asked for,
 * a copy of every pruned network also trains for a few epochs (KD on the cached teacher logits for
 * the student, CE for the teacher; masked weights stay zero) and is measured again.
 */
public final class PruneJobRunner implements JobRunner {

  private final DatasetCache datasets;
  private final CheckpointTransport checkpoints;
  private final CheckpointTransport models;
  private final LogitsTransport logits;
  private final int evalBatchSize;
  private final WorkerSettings.TransferTimeouts timeouts;

  public PruneJobRunner(
      DatasetCache datasets,
      CheckpointTransport checkpoints,
      CheckpointTransport models,
      LogitsTransport logits,
      int evalBatchSize,
      WorkerSettings.TransferTimeouts timeouts) {
    this.datasets = datasets;
    this.checkpoints = checkpoints;
    this.models = models;
    this.logits = logits;
    this.evalBatchSize = evalBatchSize;
    this.timeouts = timeouts;
  }

  @Override
  public void run(RunJob run, JobEvents events, Cancellation cancellation) throws Exception {
    long start = System.nanoTime();
    PruneJob job = (PruneJob) run.job();
    ImageDataset test = datasets.test(job.dataset());
    List<Double> ratios = job.pruning().ratios().values();
    List<PruningMethod> methods = job.pruning().methods();
    long total = (long) ratios.size() * job.targets().size() * methods.size();
    int done = 0;
    for (PruneTarget target : job.targets()) {
      cancellation.check();
      CheckpointTransport.Checkpoint checkpoint =
          (target.checkpointJobId() == null
                  ? checkpoints.readLatest(target.checkpointTrialId(), timeouts.checkpoint())
                  : checkpoints.readOfAttempt(target.checkpointJobId(), timeouts.checkpoint()))
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "no checkpoint of "
                              + target.checkpointTrialId()
                              + " on the checkpoints topic"));
      FineTuner fineTuner = fineTuner(job, target, test, cancellation);
      try (Model model =
          Networks.load(target.arch(), target.widths(), test, checkpoint.parameters())) {
        for (PruningMethod method : methods) {
          for (double ratio : ratios) {
            cancellation.check();
            SweepMeasurement measured =
                switch (method) {
                  case L1_UNSTRUCTURED, GLOBAL_L1_UNSTRUCTURED ->
                      PruningSweep.run(
                              model.getBlock(),
                              test,
                              List.of(ratio),
                              evalBatchSize,
                              method == PruningMethod.GLOBAL_L1_UNSTRUCTURED,
                              fineTuner)
                          .get(0);
                  case L1_STRUCTURED, L2_STRUCTURED ->
                      StructuredSweep.run(
                              structuredTarget(target, model, test),
                              test,
                              List.of(ratio),
                              method.norm(),
                              evalBatchSize,
                              fineTuner)
                          .get(0);
                };
            PrunePoint point = measured.asPrunePoint(target.model(), method);
            if (measured.narrowed().isPresent()) {
              point = point.withKept(keep(run, target, method, ratio, measured.narrowed().get()));
            }
            events.prunePointMeasured(point);
            events.progress("sweep", ++done, total);
          }
        }
      }
    }
    events.completed(Double.NaN, 0, (System.nanoTime() - start) / 1e9);
  }

  /** Puts a narrowed network on the models topic, where `netshrink export` finds it. */
  private KeptModel keep(
      RunJob run,
      PruneTarget target,
      PruningMethod method,
      double ratio,
      SweepMeasurement.Narrowed narrowed) {
    String key = KeptModel.keyOf(target.checkpointTrialId(), method.wireName(), ratio);
    models.publish(
        key,
        run.attempt(),
        new CheckpointTransport.Checkpoint(
            target.arch(), narrowed.widths(), 0, narrowed.parameters()));
    return new KeptModel(key, target.checkpointTrialId(), narrowed.parameters().length);
  }

  private FineTuner fineTuner(
      PruneJob job, PruneTarget target, ImageDataset test, Cancellation cancellation) {
    int epochs = job.pruning().fineTuneEpochs() == null ? 0 : job.pruning().fineTuneEpochs();
    if (epochs == 0) {
      return FineTuner.NONE;
    }
    ImageDataset train = datasets.train(job.dataset());
    TeacherLogits teacherLogits =
        target.alpha() == null
            ? null
            : logits.read(
                job.logitsKey(),
                train.count(),
                train.classes(),
                job.dataset().flips(),
                timeouts.logits());
    return (parameters, widths, zeroMasks) -> {
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
      List<Integer> shape =
          widths == null ? target.widths() : Arrays.stream(widths).boxed().toList();
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
        return reports.get(reports.size() - 1).evalAccuracy();
      }
    };
  }

  private static StructuredSweep.Target structuredTarget(
      PruneTarget target, Model model, ImageDataset like) {
    return switch (target.arch()) {
      case DW_STUDENT, HW13_STUDENT ->
          new StructuredSweep.Target.Student(
              model.getBlock(),
              Architectures.studentShape(
                  target.arch(), like.channels(), target.widths(), like.classes()));
      case TEACHER_CNN -> new StructuredSweep.Target.TeacherCnn(model.getBlock(), like.classes());
      case RESNET18 -> new StructuredSweep.Target.ResNet18(model.getBlock(), like.classes());
      case TORCHSCRIPT ->
          throw new UnsupportedOperationException(
              "structured pruning of " + target.arch() + " is not supported");
    };
  }
}
