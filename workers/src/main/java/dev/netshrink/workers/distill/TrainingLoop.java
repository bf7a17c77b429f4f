package dev.netshrink.workers.distill;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import dev.netshrink.workers.data.BatchFeeder;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.eval.Evaluator;
import dev.netshrink.workers.model.ModelCheckpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * The mini-batch Adam loop shared by teacher and student training. Confined to the calling thread,
 * and one per JVM at a time: DJL 0.36's PyTorch gradient collector is a JVM-wide singleton (a
 * second concurrent training fails with "A PtGradientCollector is already collecting").
 */
final class TrainingLoop {

  private final TrainingSettings settings;
  private final Loss configLoss;
  private final BatchObjective objective;

  TrainingLoop(TrainingSettings settings, Loss configLoss, BatchObjective objective) {
    this.settings = settings;
    this.configLoss = configLoss;
    this.objective = objective;
  }

  /** Trains {@code model} in place through epochs {@code startEpoch+1 .. epochs}. */
  List<EpochReport> run(
      Model model,
      ImageDataset train,
      ImageDataset eval,
      EpochListener listener,
      BooleanSupplier cancelled)
      throws MalformedModelException {
    if (settings.initialParameters().isPresent()) {
      ModelCheckpoint.load(model, settings.initialParameters().get());
    } else if (!model.getBlock().isInitialized()) {
      // Engine-wide seed, so that a fresh network starts from the same weights for a given seed.
      model.getNDManager().getEngine().setRandomSeed((int) settings.seed());
    }
    List<EpochReport> reports = new ArrayList<>();
    int stepsPerEpoch = (train.count() + settings.batchSize() - 1) / settings.batchSize();
    try (NDManager optimizerManager = model.getNDManager().newSubManager()) {
      ResumableAdam adam = adam(settings, stepsPerEpoch, optimizerManager);
      try (Trainer trainer = model.newTrainer(config(configLoss, adam))) {
        trainer.initialize(new Shape(1, train.channels(), train.height(), train.width()));
        settings.optimizerState().ifPresent(state -> adam.loadState(model.getBlock(), state));
        BatchFeeder feeder = new BatchFeeder(train, settings.batchSize());
        for (int epoch = settings.startEpoch() + 1; epoch <= settings.epochs(); epoch++) {
          EpochReport report = runEpoch(trainer, feeder, eval, epoch, listener, cancelled);
          reports.add(report);
          listener.onEpochCompleted(report);
          listener.onResumePoint(resumePoint(epoch, model, adam));
        }
      }
    }
    return reports;
  }

  private static EpochListener.ResumePoint resumePoint(int epoch, Model model, ResumableAdam adam) {
    return new EpochListener.ResumePoint() {
      @Override
      public int epoch() {
        return epoch;
      }

      @Override
      public byte[] parameters() {
        return ModelCheckpoint.save(model);
      }

      @Override
      public byte[] optimizerState() {
        return adam.saveState(model.getBlock());
      }
    };
  }

  /** Adam as {@code settings} say, resumed runs continuing its step count. */
  static ResumableAdam adam(TrainingSettings settings, int stepsPerEpoch, NDManager manager) {
    Tracker learningRate =
        settings.cosineDecay()
            ? Tracker.cosine()
                .setBaseValue(settings.learningRate())
                .optFinalValue(0f)
                .setMaxUpdates(Math.max(1, settings.epochs() * stepsPerEpoch))
                .build()
            : Tracker.fixed(settings.learningRate());
    return ResumableAdam.builder()
        .optLearningRateTracker(learningRate)
        .optWeightDecays(settings.weightDecay())
        // A resumed run continues the schedule (and Adam's bias correction) where the
        // interrupted one stopped.
        .optBeginNumUpdate(settings.startEpoch() * stepsPerEpoch)
        .build(manager);
  }

  static DefaultTrainingConfig config(Loss configLoss, ResumableAdam adam) {
    // He initialization (Gaussian, fan-in, magnitude 2) suits the ReLU networks built here.
    return new DefaultTrainingConfig(configLoss)
        .optOptimizer(adam)
        .optInitializer(
            new XavierInitializer(
                XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2),
            Parameter.Type.WEIGHT);
  }

  private EpochReport runEpoch(
      Trainer trainer,
      BatchFeeder feeder,
      ImageDataset eval,
      int epoch,
      EpochListener listener,
      BooleanSupplier cancelled) {
    int count = feeder.data().count();
    int batchSize = settings.batchSize();
    int[] order = EpochShuffle.permutation(count, settings.seed(), epoch);
    boolean[] mirror =
        settings.mirrorImages() ? EpochShuffle.mirrorFlags(count, settings.seed(), epoch) : null;
    double kdSum = 0;
    double ceSum = 0;
    double totalSum = 0;
    long start = System.nanoTime();
    for (int from = 0; from < count; from += batchSize) {
      throwIfCancelled(cancelled, epoch, from);
      int size = Math.min(batchSize, count - from);
      try (NDManager batchManager = trainer.getManager().newSubManager()) {
        BatchFeeder.Batch batch = feeder.batch(batchManager, order, from, size, mirror);
        LossTerms terms;
        try (GradientCollector collector = trainer.newGradientCollector()) {
          NDArray logits = trainer.forward(new NDList(batch.images())).singletonOrThrow();
          terms =
              objective.loss(
                  new BatchObjective.BatchSlice(
                      batchManager, feeder, order, mirror, from, size, batch.images()),
                  logits,
                  batch.labels());
          collector.backward(terms.total());
        }
        float total = terms.total().getFloat();
        if (!Float.isFinite(total)) {
          // diverged: every later step would only spread the NaN; fail the attempt now
          throw new ArithmeticException(
              "loss became "
                  + total
                  + " in epoch "
                  + epoch
                  + " at image "
                  + from
                  + " (learning rate too high?)");
        }
        trainer.step();
        settings.afterStep().ifPresent(hook -> hook.accept(trainer.getModel().getBlock()));
        kdSum += terms.kd().getFloat() * size;
        ceSum += terms.ce().getFloat() * size;
        totalSum += total * size;
      }
      listener.onBatchCompleted(epoch, from / batchSize + 1, (count + batchSize - 1) / batchSize);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double accuracy =
        eval == null
            ? Double.NaN
            : Evaluator.accuracy(trainer.getModel().getBlock(), eval, batchSize);
    return new EpochReport(
        epoch, kdSum / count, ceSum / count, totalSum / count, accuracy, count / seconds);
  }

  private static void throwIfCancelled(BooleanSupplier cancelled, int epoch, int from) {
    // isInterrupted, not interrupted(): the flag stays set for the caller's own handling.
    if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
      throw new CancellationException("training cancelled in epoch " + epoch + " at image " + from);
    }
  }
}
