package dev.netshrink.workers.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.netshrink.workers.data.BatchFeeder;
import dev.netshrink.workers.data.FashionMnistFiles;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.model.DepthwiseStudent;
import dev.netshrink.workers.model.DepthwiseStudentShape;
import dev.netshrink.workers.model.ModelCheckpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random flips with cached logits: an image the student sees flipped is matched with the teacher's
 * logits of the flipped view, and both views come from one pass of the teacher each.
 */
class FlippedLogitsTest {

  private static final int IMAGES = 64;
  private static final int CLASSES = 10;
  private static final long SEED = 5;
  private static final DepthwiseStudentShape TINY =
      DepthwiseStudentShape.of(1, new int[] {4, 8}, CLASSES);

  private final ImageDataset train = FashionMnistFiles.train().limit(IMAGES);
  // sharp rows for the images as they are, near-uniform ones for the flipped view: the KD loss
  // tells which view a row came from
  private final float[] plain = gaussian(1, 5);
  private final float[] flipped = gaussian(2, 0.1);

  @Test
  void aStudentStepOnAFlippedImageUsesTheFlippedViewsLogits() throws Exception {
    byte[] start = initialStudent();
    boolean[] mirror = EpochShuffle.mirrorFlags(IMAGES, SEED, 1);
    assertThat(countOf(mirror)).as("some images flipped, some not").isBetween(1, IMAGES - 1);

    // when one step (one batch of all images, alpha 1: the loss is the KD term) trains on them
    List<EpochReport> reports = new ArrayList<>();
    try (Model student = newStudent()) {
      new DistillationTrainer(settings(start, true), new KnowledgeDistillationLoss(1f, 4f))
          .train(
              student,
              train,
              new TeacherLogits(IMAGES, CLASSES, plain, flipped),
              null,
              reports::add,
              () -> false);
    }

    // then its KD loss is that of the flipped view's rows where an image was flipped
    double reported = reports.get(0).meanKd();
    double flippedView = expectedKd(start, mirror, true);
    double plainOnly = expectedKd(start, mirror, false);
    assertThat(Math.abs(flippedView - plainOnly))
        .as("the two views tell apart")
        .isGreaterThan(0.05);
    assertThat(reported).isCloseTo(flippedView, within(1e-4 * Math.abs(flippedView)));
  }

  @Test
  void flippedTrainingWithoutTheFlippedViewIsRefused() throws Exception {
    try (Model student = newStudent()) {
      assertThatThrownBy(
              () ->
                  new DistillationTrainer(
                          settings(initialStudent(), true), new KnowledgeDistillationLoss(1f, 4f))
                      .train(
                          student,
                          train,
                          new TeacherLogits(IMAGES, CLASSES, plain),
                          null,
                          EpochListener.NONE,
                          () -> false))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("logits of the flipped view");
    }
  }

  @Test
  void bothViewsAreTheTeachersLogitsOfTheImagesAsTheyAreAndFlipped() throws Exception {
    try (Model teacher = newStudent()) {
      ModelCheckpoint.load(teacher, initialStudent());
      TeacherLogits both = LogitsComputer.computeBothViews(teacher, train, 16);
      assertThat(both.values())
          .containsExactly(LogitsComputer.compute(teacher, train, 16).values());
      assertThat(both.mirrored()).hasSameSizeAs(both.values()).isNotEqualTo(both.values());
      // the mirrored view is the network's output on the flipped pixels
      try (NDManager manager = NDManager.newBaseManager()) {
        boolean[] all = new boolean[IMAGES];
        java.util.Arrays.fill(all, true);
        float[] direct = forward(teacher, manager, all, false);
        assertThat(both.mirrored()).containsExactly(direct);
      }
    }
  }

  /** The KD term on the batch as the trainer builds it, with teacher rows chosen here. */
  private double expectedKd(byte[] start, boolean[] mirror, boolean useFlippedView)
      throws Exception {
    int[] order = EpochShuffle.permutation(IMAGES, SEED, 1);
    float[] teacherRows = new float[IMAGES * CLASSES];
    for (int i = 0; i < IMAGES; i++) {
      float[] source = mirror[i] && useFlippedView ? flipped : plain;
      System.arraycopy(source, order[i] * CLASSES, teacherRows, i * CLASSES, CLASSES);
    }
    try (Model student = newStudent();
        NDManager manager = NDManager.newBaseManager()) {
      ModelCheckpoint.load(student, start);
      float[] logits = forwardOrdered(student, manager, order, mirror);
      NDArray studentLogits = manager.create(logits, new Shape(IMAGES, CLASSES));
      NDArray teacherLogits = manager.create(teacherRows, new Shape(IMAGES, CLASSES));
      NDArray labels = new BatchFeeder(train, IMAGES).batch(manager, order, 0, IMAGES).labels();
      return new KnowledgeDistillationLoss(1f, 4f)
          .terms(studentLogits, teacherLogits, labels)
          .kd()
          .getFloat();
    }
  }

  /** Training-mode logits (BatchNorm on batch statistics, as in a step) of the epoch's batch. */
  private float[] forwardOrdered(Model student, NDManager manager, int[] order, boolean[] mirror) {
    return forward(student, manager, order, mirror, true);
  }

  private float[] forward(Model model, NDManager manager, boolean[] mirror, boolean training) {
    int[] order = new int[IMAGES];
    for (int i = 0; i < IMAGES; i++) {
      order[i] = i;
    }
    return forward(model, manager, order, mirror, training);
  }

  private float[] forward(
      Model model, NDManager manager, int[] order, boolean[] mirror, boolean training) {
    BatchFeeder.Batch batch =
        new BatchFeeder(train, IMAGES).batch(manager, order, 0, IMAGES, mirror);
    return model
        .getBlock()
        .forward(new ParameterStore(manager, false), new NDList(batch.images()), training)
        .singletonOrThrow()
        .toFloatArray();
  }

  private TrainingSettings settings(byte[] start, boolean flips) {
    return TrainingSettings.builder()
        .setEpochs(1)
        .setBatchSize(IMAGES)
        .setLearningRate(1e-3f)
        .optMirrorImages(flips)
        .optSeed(SEED)
        .optInitialParameters(start)
        .build();
  }

  /** A trained-looking start: a student initialized by one plain step, saved. */
  private byte[] initialStudent() throws Exception {
    try (Model student = newStudent()) {
      new DistillationTrainer(settings0(), new KnowledgeDistillationLoss(0f, 1f))
          .train(
              student,
              train,
              new TeacherLogits(IMAGES, CLASSES, plain),
              null,
              EpochListener.NONE,
              () -> false);
      return ModelCheckpoint.save(student);
    }
  }

  private static TrainingSettings settings0() {
    return TrainingSettings.builder()
        .setEpochs(1)
        .setBatchSize(IMAGES)
        .setLearningRate(1e-2f)
        .optSeed(SEED)
        .build();
  }

  private static Model newStudent() {
    Model model = Model.newInstance("student");
    model.setBlock(DepthwiseStudent.build(TINY));
    return model;
  }

  private static float[] gaussian(long seed, double scale) {
    Random random = new Random(seed);
    float[] values = new float[IMAGES * CLASSES];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (scale * random.nextGaussian());
    }
    return values;
  }

  private static int countOf(boolean[] flags) {
    int n = 0;
    for (boolean f : flags) {
      n += f ? 1 : 0;
    }
    return n;
  }
}
