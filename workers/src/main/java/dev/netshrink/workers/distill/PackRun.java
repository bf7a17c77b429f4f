package dev.netshrink.workers.distill;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import dev.netshrink.workers.data.BatchFeeder;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.eval.Evaluator;
import dev.netshrink.workers.model.DepthwiseStudentShape;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * One stretch of fused training with a fixed set of members: from {@code start} to the last epoch,
 * or to the end of the first epoch in which a member left (the pack then forms again without it).
 */
final class PackRun {

  /**
   * How the stretch ended: {@code finished} (every epoch run; {@code models} of the members still
   * in, by position) or cut after {@code epoch}, with what the members still in resume from.
   */
  record Outcome(
      boolean finished,
      int epoch,
      List<Integer> remaining,
      List<byte[]> parameters,
      List<byte[]> states,
      List<Model> models) {}

  private final TrainingSettings settings;
  private final DepthwiseStudentShape shape;
  private final List<PackMember> members;
  private final int start;
  private final ImageDataset train;
  private final TeacherLogits logits;
  private final ImageDataset eval;
  private final BooleanSupplier cancelled;
  private final boolean[] left;

  PackRun(
      TrainingSettings settings,
      DepthwiseStudentShape shape,
      List<PackMember> members,
      int start,
      ImageDataset train,
      TeacherLogits logits,
      ImageDataset eval,
      BooleanSupplier cancelled) {
    this.settings = settings;
    this.shape = shape;
    this.members = members;
    this.start = start;
    this.train = train;
    this.logits = logits;
    this.eval = eval;
    this.cancelled = cancelled;
    this.left = new boolean[members.size()];
  }

  Outcome run() throws MalformedModelException {
    int batchSize = settings.batchSize();
    int stepsPerEpoch = (train.count() + batchSize - 1) / batchSize;
    Shape input = PackTrainer.inputShape(train);
    TrainingSettings resumed = settings.startingAfter(start);
    try (FusedPack pack = new FusedPack(shape, members, settings.seed(), input);
        NDManager optimizerManager = pack.fused().getNDManager().newSubManager()) {
      ResumableAdam adam = TrainingLoop.adam(resumed, stepsPerEpoch, optimizerManager);
      try (Trainer trainer =
          pack.fused().newTrainer(TrainingLoop.config(members.get(0).loss(), adam))) {
        trainer.initialize(input);
        pack.join();
        pack.restoreMoments(adam, members, optimizerManager);
        BatchFeeder feeder = new BatchFeeder(train, batchSize);
        for (int epoch = start + 1; epoch <= settings.epochs(); epoch++) {
          List<EpochReport> reports = runEpoch(trainer, feeder, epoch);
          List<MemberPoint> points = new ArrayList<>();
          for (int k = 0; k < members.size(); k++) {
            MemberPoint point = new MemberPoint(epoch, pack, k, adam);
            points.add(point);
            if (!left[k]) {
              members.get(k).listener().onEpochCompleted(reports.get(k));
              members.get(k).listener().onResumePoint(point);
            }
          }
          if (anyLeft() && epoch < settings.epochs()) {
            List<Integer> remaining = remaining();
            return new Outcome(
                false,
                epoch,
                remaining,
                points.stream().map(p -> left[p.k] ? null : p.parameters()).toList(),
                points.stream().map(p -> left[p.k] ? null : p.optimizerState()).toList(),
                List.of());
          }
        }
        pack.split();
        List<Model> models = new ArrayList<>();
        for (int k = 0; k < members.size(); k++) {
          models.add(left[k] ? null : pack.release(k));
        }
        return new Outcome(true, settings.epochs(), remaining(), null, null, models);
      }
    }
  }

  private List<EpochReport> runEpoch(Trainer trainer, BatchFeeder feeder, int epoch) {
    int count = train.count();
    int batchSize = settings.batchSize();
    int k = members.size();
    int classes = train.classes();
    int[] order = EpochShuffle.permutation(count, settings.seed(), epoch);
    boolean[] mirror =
        settings.mirrorImages() ? EpochShuffle.mirrorFlags(count, settings.seed(), epoch) : null;
    double[] kdSum = new double[k];
    double[] ceSum = new double[k];
    double[] totalSum = new double[k];
    long startNanos = System.nanoTime();
    for (int from = 0; from < count; from += batchSize) {
      if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
        throw new CancellationException(
            "training cancelled in epoch " + epoch + " at image " + from);
      }
      for (int i = 0; i < k; i++) {
        if (!left[i] && members.get(i).stopped().getAsBoolean()) {
          leave(i, new CancellationException("stopped in epoch " + epoch + " at image " + from));
        }
      }
      int size = Math.min(batchSize, count - from);
      try (NDManager batchManager = trainer.getManager().newSubManager()) {
        BatchFeeder.Batch batch = feeder.batch(batchManager, order, from, size, mirror);
        LossTerms[] terms = new LossTerms[k];
        try (GradientCollector collector = trainer.newGradientCollector()) {
          NDArray fused = trainer.forward(new NDList(batch.images())).singletonOrThrow();
          NDArray teacher =
              PackTrainer.teacherRows(feeder, batchManager, logits, mirror, order, from, size);
          NDArray sum = null;
          for (int i = 0; i < k; i++) {
            terms[i] =
                members
                    .get(i)
                    .loss()
                    .terms(PackTrainer.memberLogits(fused, i, classes), teacher, batch.labels());
            sum = sum == null ? terms[i].total() : sum.add(terms[i].total());
          }
          collector.backward(sum);
        }
        for (int i = 0; i < k; i++) {
          if (left[i]) {
            continue;
          }
          float total = terms[i].total().getFloat();
          if (!Float.isFinite(total)) {
            leave(
                i,
                new ArithmeticException(
                    "loss became "
                        + total
                        + " in epoch "
                        + epoch
                        + " at image "
                        + from
                        + " (learning rate too high?)"));
            continue;
          }
          kdSum[i] += terms[i].kd().getFloat() * size;
          ceSum[i] += terms[i].ce().getFloat() * size;
          totalSum[i] += total * size;
        }
        trainer.step();
      }
      int done = from / batchSize + 1;
      for (int i = 0; i < k; i++) {
        if (!left[i]) {
          members
              .get(i)
              .listener()
              .onBatchCompleted(epoch, done, (count + batchSize - 1) / batchSize);
        }
      }
    }
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    double[] accuracy =
        eval == null
            ? null
            : Evaluator.packAccuracy(trainer.getModel().getBlock(), k, eval, batchSize);
    List<EpochReport> reports = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      reports.add(
          new EpochReport(
              epoch,
              kdSum[i] / count,
              ceSum[i] / count,
              totalSum[i] / count,
              accuracy == null ? Double.NaN : accuracy[i],
              count / seconds));
    }
    return reports;
  }

  private void leave(int k, RuntimeException why) {
    left[k] = true;
    members.get(k).onLeft().accept(why);
  }

  private boolean anyLeft() {
    for (boolean l : left) {
      if (l) {
        return true;
      }
    }
    return false;
  }

  private List<Integer> remaining() {
    List<Integer> remaining = new ArrayList<>();
    for (int k = 0; k < left.length; k++) {
      if (!left[k]) {
        remaining.add(k);
      }
    }
    return remaining;
  }

  /** A member's state after an epoch, serialized on first call (before the next step). */
  private static final class MemberPoint implements EpochListener.ResumePoint {
    private final int epoch;
    private final FusedPack pack;
    private final int k;
    private final ResumableAdam adam;
    private byte[] parameters;
    private byte[] state;

    MemberPoint(int epoch, FusedPack pack, int k, ResumableAdam adam) {
      this.epoch = epoch;
      this.pack = pack;
      this.k = k;
      this.adam = adam;
    }

    @Override
    public int epoch() {
      return epoch;
    }

    @Override
    public byte[] parameters() {
      if (parameters == null) {
        parameters = pack.parameters(k);
      }
      return parameters.clone();
    }

    @Override
    public byte[] optimizerState() {
      if (state == null) {
        state = pack.optimizerState(k, adam);
      }
      return state.clone();
    }
  }
}
