package dev.netshrink.workers.runtime;

import ai.djl.Model;
import dev.netshrink.protocol.event.KeptModel;
import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.job.JobSpec.PruneJob;
import dev.netshrink.protocol.job.JobSpec.PruneTarget;
import dev.netshrink.protocol.spec.PruningMethod;
import dev.netshrink.protocol.spec.PruningSchedule;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.distill.TeacherLogits;
import dev.netshrink.workers.prune.ChannelRule;
import dev.netshrink.workers.prune.FineTuner;
import dev.netshrink.workers.prune.LatencyTimer;
import dev.netshrink.workers.prune.LayerwisePruning;
import dev.netshrink.workers.prune.PruningSweep;
import dev.netshrink.workers.prune.SensitivitySweep;
import dev.netshrink.workers.prune.StructuredSweep;
import dev.netshrink.workers.prune.SweepMeasurement;
import java.util.List;

/**
 * A slice of the pruning (the whole of it in a job from before sweeps were split): for each target
 * (best student, teacher) load its checkpoint from Kafka, and for each method and ratio measure
 * accuracy, parameters, MACs and inference latency: masked for unstructured methods, a physically
 * narrower copy for structured ones. With fine-tuning asked for, a copy of every pruned network
 * also trains for a few epochs (KD on the cached teacher logits for the student, CE for the
 * teacher; masked weights stay zero) and is measured again. With a {@code pruning.schedule}, each
 * model and method is then also pruned round by round to the schedule's target, fine-tuned between
 * rounds ({@link ScheduledPruning}), next to one-shot pruning with as many fine-tuning epochs.
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
    List<Double> ratios = job.sweepRatios();
    List<PruningMethod> methods = job.methods();
    List<PruningSchedule.Plan> plans = job.plans();
    int roundsPerMethod = plans.stream().mapToInt(PruningSchedule.Plan::rounds).sum();
    long total = (long) (ratios.size() + roundsPerMethod) * job.targets().size() * methods.size();
    int[] done = {0};
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
      if (job.sensitivity()) {
        sensitivity(job, target, checkpoint, test, events, cancellation);
        continue;
      }
      if (job.layerRatios() != null) {
        byLayer(run, job, target, checkpoint, test, events, cancellation);
        continue;
      }
      FineTuning tuning = tuning(job, target, test, cancellation);
      int sweepEpochs = job.pruning().fineTuneEpochs() == null ? 0 : job.pruning().fineTuneEpochs();
      // each fine-tuned copy is kept too: it is a network of its own
      FineTuning.Capturing tuned = sweepEpochs == 0 ? null : tuning.capturing(sweepEpochs);
      FineTuner fineTuner = tuned == null ? FineTuner.NONE : tuned;
      try (Model model =
              Networks.load(target.arch(), target.widths(), test, checkpoint.parameters());
          Model dense =
              Networks.load(target.arch(), target.widths(), test, checkpoint.parameters())) {
        // every point timed alternately with the untouched original: its ratio to it holds
        // across slices and processes, where each figure alone drifts
        LatencyTimer timer = LatencyTimer.against(dense.getBlock());
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
                              fineTuner,
                              timer)
                          .get(0);
                  case L1_STRUCTURED, L2_STRUCTURED ->
                      StructuredSweep.run(
                              Networks.structured(target.arch(), target.widths(), model, test),
                              test,
                              List.of(ratio),
                              channelRule(job, method),
                              evalBatchSize,
                              fineTuner,
                              timer)
                          .get(0);
                };
            PrunePoint point = measured.asPrunePoint(target.model(), method);
            if (measured.narrowed().isPresent()) {
              point = point.withKept(keep(run, target, method, ratio, measured.narrowed().get()));
            }
            FineTuning.Tuned copy = tuned == null ? null : tuned.take();
            if (copy != null) {
              point =
                  point.withFineTunedKept(
                      keep(
                          run,
                          target,
                          KeptModel.keyOfFineTuned(
                              target.checkpointTrialId(), method.wireName(), ratio),
                          widthsOf(target, tuned.takenWidths()),
                          copy.parameters()));
            }
            events.prunePointMeasured(point);
            events.progress("sweep", ++done[0], total);
          }
        }
      }
      ScheduledPruning scheduled =
          new ScheduledPruning(
              target,
              test,
              evalBatchSize,
              job.pruning().channelRoundTo(),
              tuning,
              (key, widths, parameters) -> keep(run, target, key, widths, parameters),
              cancellation);
      for (PruningMethod method : methods) {
        for (PruningSchedule.Plan plan : plans) {
          scheduled.run(
              checkpoint.parameters(),
              method,
              plan,
              point -> {
                events.prunePointMeasured(point);
                events.progress("schedule", ++done[0], total);
              });
        }
      }
    }
    events.completed(Double.NaN, 0, (System.nanoTime() - start) / 1e9);
  }

  /**
   * The layer sensitivity analysis of a target: each layer pruned alone at each of the job's
   * ratios, per method, without fine-tuning; each point names its layer.
   */
  private void sensitivity(
      PruneJob job,
      PruneTarget target,
      CheckpointTransport.Checkpoint checkpoint,
      ImageDataset test,
      JobEvents events,
      Cancellation cancellation)
      throws Exception {
    List<PruningMethod> methods = job.methods();
    try (Model model =
        Networks.load(target.arch(), target.widths(), test, checkpoint.parameters())) {
      for (int m = 0; m < methods.size(); m++) {
        cancellation.check();
        PruningMethod method = methods.get(m);
        List<SensitivitySweep.Point> points =
            method.isStructured()
                ? SensitivitySweep.channels(
                    Networks.structured(target.arch(), target.widths(), model, test),
                    test,
                    job.sweepRatios(),
                    channelRule(job, method),
                    evalBatchSize)
                : SensitivitySweep.masked(model.getBlock(), test, job.sweepRatios(), evalBatchSize);
        for (SensitivitySweep.Point p : points) {
          // measured for accuracy only: no latency or MACs per layer
          events.prunePointMeasured(
              new PrunePoint(
                      target.model(),
                      method,
                      p.ratio(),
                      p.accuracy(),
                      0,
                      0,
                      p.parameters(),
                      0,
                      0,
                      0,
                      Double.NaN)
                  .withLayer(p.layer()));
        }
        events.progress("sensitivity", m + 1, methods.size());
      }
    }
  }

  /**
   * The network pruned with the job's ratio per layer: measured, fine-tuned as the sweep's points
   * are (the fine-tuned network is the one kept), and kept on the models topic.
   */
  private void byLayer(
      RunJob run,
      PruneJob job,
      PruneTarget target,
      CheckpointTransport.Checkpoint checkpoint,
      ImageDataset test,
      JobEvents events,
      Cancellation cancellation)
      throws Exception {
    PruningMethod method = job.methods().get(0);
    int epochs = job.pruning().fineTuneEpochs() == null ? 0 : job.pruning().fineTuneEpochs();
    FineTuning.Capturing tuned =
        epochs == 0 ? null : forFineTuning(job, target, test, cancellation).capturing(epochs);
    FineTuner fineTuner = tuned == null ? FineTuner.NONE : tuned;
    SweepMeasurement measured;
    try (Model model =
        Networks.load(target.arch(), target.widths(), test, checkpoint.parameters())) {
      measured =
          method.isStructured()
              ? LayerwisePruning.channels(
                  Networks.structured(target.arch(), target.widths(), model, test),
                  test,
                  job.layerRatios(),
                  channelRule(job, method),
                  evalBatchSize,
                  fineTuner)
              : LayerwisePruning.masked(
                  model.getBlock(),
                  widthsOf(target, null),
                  test,
                  job.layerRatios(),
                  evalBatchSize,
                  fineTuner);
    }
    SweepMeasurement.Narrowed network = measured.narrowed().orElseThrow();
    FineTuning.Tuned copy = tuned == null ? null : tuned.take();
    KeptModel kept =
        keep(
            run,
            target,
            KeptModel.keyOfByLayer(target.checkpointTrialId(), method.wireName(), measured.ratio()),
            network.widths(),
            copy == null ? network.parameters() : copy.parameters());
    events.prunePointMeasured(
        measured
            .asPrunePoint(target.model(), method)
            .withKept(kept)
            .withLayerRatios(job.layerRatios()));
    events.progress("by layer", 1, 1);
  }

  /** {@code narrowed} when channel pruning changed the widths, else the target's own. */
  private static int[] widthsOf(PruneTarget target, int[] narrowed) {
    return narrowed != null
        ? narrowed
        : target.widths().stream().mapToInt(Integer::intValue).toArray();
  }

  /** Puts a narrowed network on the models topic, where `netshrink export` finds it. */
  private KeptModel keep(
      RunJob run,
      PruneTarget target,
      PruningMethod method,
      double ratio,
      SweepMeasurement.Narrowed narrowed) {
    return keep(
        run,
        target,
        KeptModel.keyOf(target.checkpointTrialId(), method.wireName(), ratio),
        narrowed.widths(),
        narrowed.parameters());
  }

  private KeptModel keep(
      RunJob run, PruneTarget target, String key, int[] widths, byte[] parameters) {
    models.publish(
        key,
        run.attempt(),
        new CheckpointTransport.Checkpoint(target.arch(), widths, 0, parameters));
    return new KeptModel(key, target.checkpointTrialId(), parameters.length);
  }

  /**
   * Fine-tuning of the target's pruned networks; its logits are read only when a fine-tuning is
   * asked for (a sweep's or a schedule's), and only for a distilled student.
   */
  private FineTuning tuning(
      PruneJob job, PruneTarget target, ImageDataset test, Cancellation cancellation) {
    boolean trains =
        (job.pruning().fineTuneEpochs() != null
                && job.pruning().fineTuneEpochs() > 0
                && !job.sweepRatios().isEmpty())
            || !job.plans().isEmpty();
    return trains ? forFineTuning(job, target, test, cancellation) : null;
  }

  /** Fine-tuning of the target's pruned networks, its logits read now. */
  private FineTuning forFineTuning(
      PruneJob job, PruneTarget target, ImageDataset test, Cancellation cancellation) {
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
    return new FineTuning(job, target, train, test, teacherLogits, cancellation);
  }

  /** How structured pruning picks channels for {@code method}, as the job's spec rounds them. */
  private static ChannelRule channelRule(PruneJob job, PruningMethod method) {
    return new ChannelRule(method.norm(), job.pruning().channelRoundTo());
  }
}
