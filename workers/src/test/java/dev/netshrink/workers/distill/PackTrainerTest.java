package dev.netshrink.workers.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import dev.netshrink.workers.data.FashionMnistFiles;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.model.BatchedInference;
import dev.netshrink.workers.model.DepthwiseStudent;
import dev.netshrink.workers.model.DepthwiseStudentShape;
import dev.netshrink.workers.model.ModelCheckpoint;
import dev.netshrink.workers.model.PackParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A fused pack gives each member what training it alone gives: the same losses, accuracies and
 * weights, within float rounding (different kernels: grouped against plain convolutions).
 */
class PackTrainerTest {

  /** Max relative difference allowed between fused and alone, after a few steps. */
  private static final double TOLERANCE = 1e-4;

  /**
   * After twelve steps: grouped and plain convolutions round differently, and Adam, which divides
   * by the root of each weight's squared gradients, turns the rounding of small gradients into
   * visible steps; measured up to 1.5e-3 on weights and 5e-4 on logits. A pack that mixed up
   * members' logits, teacher rows or moments is off by far more (tens of percent).
   */
  private static final double LONG_TOLERANCE = 1e-2;

  private static final DepthwiseStudentShape SHAPE =
      DepthwiseStudentShape.of(1, new int[] {8, 16, 24}, 10);

  private static final float[][] LOSSES = {
    {0.5f, 4f}, {0.9f, 2f}, {0f, 1f}, {0.7f, 8f}, {0.3f, 3f}
  };

  private final ImageDataset train = FashionMnistFiles.train().limit(192);
  private final ImageDataset test = FashionMnistFiles.test().limit(96);
  private final TeacherLogits teacherLogits = randomLogits(192, 10);

  /** Two steps, before rounding has grown (see {@link #LONG_TOLERANCE} for longer runs). */
  private final TrainingSettings settings = settings(1, 96).build();

  /** Twelve steps over two epochs. */
  private final TrainingSettings longer = settings(2, 32).build();

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 5})
  void eachMemberEndsAsItWouldAlone(int k) throws Exception {
    compareWithAlone(settings, k, TOLERANCE);
  }

  @Test
  void overTwelveStepsMembersStayWithinRounding() throws Exception {
    compareWithAlone(longer, 5, LONG_TOLERANCE);
  }

  @Test
  void aPackResumedFromItsMembersCheckpointsEndsAsTheUninterruptedOne() throws Exception {
    List<PackMember> members = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      members.add(PackMember.fresh(loss(i), EpochListener.NONE));
    }
    List<Optional<Model>> uninterrupted =
        new PackTrainer(longer, SHAPE).train(members, train, teacherLogits, null, () -> false);
    // a pack cancelled in epoch 2 leaves each member's resume point of epoch 1
    List<byte[][]> saved = new ArrayList<>();
    List<PackMember> interrupted = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      byte[][] point = new byte[2][];
      saved.add(point);
      interrupted.add(PackMember.fresh(loss(i), saving(point)));
    }
    AtomicInteger polls = new AtomicInteger();
    int batches = train.count() / 32;
    assertThatThrownBy(
            () ->
                new PackTrainer(longer, SHAPE)
                    .train(
                        interrupted,
                        train,
                        teacherLogits,
                        null,
                        () -> polls.incrementAndGet() > batches + 2))
        .isInstanceOf(CancellationException.class)
        .hasMessageContaining("epoch 2");
    List<PackMember> resumed = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      resumed.add(
          new PackMember(
              loss(i),
              Optional.of(saved.get(i)[0]),
              Optional.of(saved.get(i)[1]),
              EpochListener.NONE,
              () -> false,
              e -> {}));
    }
    List<Optional<Model>> after =
        new PackTrainer(longer.startingAfter(1), SHAPE)
            .train(resumed, train, teacherLogits, null, () -> false);
    try {
      for (int i = 0; i < 3; i++) {
        assertThat(ModelCheckpoint.save(after.get(i).orElseThrow()))
            .as("member %d", i)
            .isEqualTo(ModelCheckpoint.save(uninterrupted.get(i).orElseThrow()));
      }
    } finally {
      uninterrupted.forEach(m -> m.ifPresent(Model::close));
      after.forEach(m -> m.ifPresent(Model::close));
    }
  }

  @Test
  void aStoppedMemberLeavesAndTheOthersGoOnAsTheyWouldAlone() throws Exception {
    AtomicInteger polls = new AtomicInteger();
    List<RuntimeException> leftWith = new ArrayList<>();
    List<EpochReport> stoppedReports = new ArrayList<>();
    List<PackMember> members =
        List.of(
            PackMember.fresh(loss(0), EpochListener.NONE),
            new PackMember(
                loss(1),
                Optional.empty(),
                Optional.empty(),
                stoppedReports::add,
                () -> polls.incrementAndGet() > 3,
                leftWith::add),
            PackMember.fresh(loss(2), EpochListener.NONE));
    List<Optional<Model>> fused =
        new PackTrainer(longer, SHAPE).train(members, train, teacherLogits, test, () -> false);
    try {
      assertThat(leftWith).singleElement().isInstanceOf(CancellationException.class);
      assertThat(stoppedReports).as("no epoch reported after it left").isEmpty();
      assertThat(fused.get(1)).isEmpty();
      for (int i : new int[] {0, 2}) {
        try (Model single = student()) {
          new DistillationTrainer(longer, loss(i))
              .train(single, train, teacherLogits, null, EpochListener.NONE, () -> false);
          assertSameNetwork(fused.get(i).orElseThrow(), single, LONG_TOLERANCE);
        }
      }
    } finally {
      fused.forEach(m -> m.ifPresent(Model::close));
    }
  }

  private void compareWithAlone(TrainingSettings training, int k, double tolerance)
      throws Exception {
    List<List<EpochReport>> fusedReports = new ArrayList<>();
    List<PackMember> members = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      List<EpochReport> reports = new ArrayList<>();
      fusedReports.add(reports);
      members.add(PackMember.fresh(loss(i), reports::add));
    }
    List<Optional<Model>> fused =
        new PackTrainer(training, SHAPE).train(members, train, teacherLogits, test, () -> false);
    try {
      for (int i = 0; i < k; i++) {
        List<EpochReport> alone = new ArrayList<>();
        try (Model single = student()) {
          new DistillationTrainer(training, loss(i))
              .train(single, train, teacherLogits, test, alone::add, () -> false);
          assertSameReports(fusedReports.get(i), alone, tolerance);
          assertSameNetwork(fused.get(i).orElseThrow(), single, tolerance);
        }
      }
    } finally {
      fused.forEach(m -> m.ifPresent(Model::close));
    }
  }

  private static TrainingSettings.Builder settings(int epochs, int batchSize) {
    return TrainingSettings.builder()
        .setEpochs(epochs)
        .setBatchSize(batchSize)
        .setLearningRate(1e-3f)
        .optCosineDecay(true)
        .optSeed(7);
  }

  private static EpochListener saving(byte[][] point) {
    return new EpochListener() {
      @Override
      public void onEpochCompleted(EpochReport report) {}

      @Override
      public void onResumePoint(ResumePoint resumePoint) {
        point[0] = resumePoint.parameters();
        point[1] = resumePoint.optimizerState();
      }
    };
  }

  private static void assertSameReports(
      List<EpochReport> fused, List<EpochReport> alone, double tolerance) {
    assertThat(fused).hasSameSizeAs(alone);
    for (int e = 0; e < alone.size(); e++) {
      EpochReport f = fused.get(e);
      EpochReport a = alone.get(e);
      assertThat(f.epoch()).isEqualTo(a.epoch());
      assertThat(relative(f.meanKd(), a.meanKd()))
          .as("kd of epoch %d", a.epoch())
          .isLessThanOrEqualTo(tolerance);
      assertThat(relative(f.meanCe(), a.meanCe()))
          .as("ce of epoch %d", a.epoch())
          .isLessThanOrEqualTo(tolerance);
      assertThat(relative(f.meanLoss(), a.meanLoss())).as("total").isLessThanOrEqualTo(tolerance);
      assertThat(f.evalAccuracy())
          .as("accuracy of epoch %d", a.epoch())
          .isEqualTo(a.evalAccuracy());
    }
  }

  /**
   * Every parameter, BatchNorm running statistics included, by the largest difference relative to
   * the largest magnitude of that tensor (weights near zero must not divide by nothing); and the
   * logits both networks give the test images.
   *
   * <p>Two kinds of parameter are left to the logits: the shift (beta) of the BatchNorm after each
   * depthwise convolution, and the running mean of the BatchNorm after the pointwise convolution
   * that follows it. The second BatchNorm subtracts whatever the first one's shift adds, so that
   * shift's true gradient is zero; what is computed is rounding noise, which Adam, dividing by its
   * square root, turns into full-size steps of random sign. The two networks therefore differ in
   * those values as any two float summation orders would, while computing the same function.
   */
  private void assertSameNetwork(Model fused, Model alone, double tolerance) {
    List<Parameter> f = PackParameters.ordered(fused.getBlock());
    List<Parameter> a = PackParameters.ordered(alone.getBlock());
    assertThat(f).hasSameSizeAs(a);
    double worst = 0;
    for (int j = 0; j < a.size(); j++) {
      NDArray x = f.get(j).getArray();
      NDArray y = a.get(j).getArray();
      assertThat(x.getShape()).isEqualTo(y.getShape());
      if (!unidentifiable(j, a.size())) {
        worst = Math.max(worst, relativeToScale(x.toFloatArray(), y.toFloatArray()));
      }
    }
    double logits = relativeToScale(logits(fused, test), logits(alone, test));
    System.out.printf("fused vs alone: weights %.3g, logits %.3g%n", worst, logits);
    assertThat(worst).as("weights").isLessThanOrEqualTo(tolerance);
    assertThat(logits).as("logits of the test images").isLessThanOrEqualTo(tolerance);
  }

  /**
   * Parameter {@code j} of a student is a depthwise BatchNorm's beta or the running mean of the
   * pointwise BatchNorm after it: the stem has 5 parameters, each block 10 (depthwise weight, BN,
   * pointwise weight, BN; 4 per BN), the classifier 2.
   */
  private static boolean unidentifiable(int j, int count) {
    if (j < 5 || j >= count - 2) {
      return false;
    }
    int inBlock = (j - 5) % 10;
    return inBlock == 2 || inBlock == 8;
  }

  private static float[] logits(Model model, ImageDataset data) {
    float[] all = new float[data.count() * data.classes()];
    BatchedInference.run(
        model.getBlock(),
        data,
        32,
        (from, size, out) ->
            System.arraycopy(
                out.toFloatArray(), 0, all, from * data.classes(), size * data.classes()));
    return all;
  }

  private static double relativeToScale(float[] xs, float[] ys) {
    double scale = 0;
    double diff = 0;
    for (int i = 0; i < ys.length; i++) {
      scale = Math.max(scale, Math.abs(ys[i]));
      diff = Math.max(diff, Math.abs(xs[i] - ys[i]));
    }
    return scale == 0 ? diff : diff / scale;
  }

  private static double relative(double x, double y) {
    return Math.abs(x - y) / Math.max(Math.abs(y), 1e-12);
  }

  private static KnowledgeDistillationLoss loss(int i) {
    return new KnowledgeDistillationLoss(LOSSES[i][0], LOSSES[i][1]);
  }

  private static Model student() {
    Model model = Model.newInstance("student");
    model.setBlock(DepthwiseStudent.build(SHAPE));
    return model;
  }

  private static TeacherLogits randomLogits(int images, int classes) {
    Random random = new Random(3);
    float[] values = new float[images * classes];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() * 3);
    }
    return new TeacherLogits(images, classes, values);
  }
}
