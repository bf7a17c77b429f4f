package dev.netshrink.workers.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import dev.netshrink.workers.data.FashionMnistFiles;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.model.DepthwiseStudent;
import dev.netshrink.workers.model.DepthwiseStudentShape;
import dev.netshrink.workers.model.ModelCheckpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Cancellation, resumption and determinism of the training loop, on a tiny student. */
class TrainingControlTest {

  private static final DepthwiseStudentShape TINY =
      DepthwiseStudentShape.of(1, new int[] {4, 8}, 10);

  private final ImageDataset train = FashionMnistFiles.train().limit(128);
  private final TeacherLogits teacherLogits = new TeacherLogits(128, 10, new float[128 * 10]);

  private final TrainingSettings.Builder settings =
      TrainingSettings.builder().setEpochs(2).setBatchSize(32).setLearningRate(1e-3f).optSeed(11);

  @Test
  void stopsBetweenBatchesWhenCancelled() throws Exception {
    AtomicInteger polls = new AtomicInteger();
    try (Model student = newStudent()) {
      assertThatThrownBy(
              () ->
                  distiller(settings.build())
                      .train(
                          student,
                          train,
                          teacherLogits,
                          null,
                          EpochListener.NONE,
                          () -> polls.incrementAndGet() > 2))
          .isInstanceOf(CancellationException.class)
          .hasMessageContaining("epoch 1 at image 64");
    }
  }

  @Test
  void stopsWhenTheThreadIsInterrupted() throws Exception {
    try (Model student = newStudent()) {
      Thread.currentThread().interrupt();
      try {
        assertThatThrownBy(
                () ->
                    distiller(settings.build())
                        .train(
                            student, train, teacherLogits, null, EpochListener.NONE, () -> false))
            .isInstanceOf(CancellationException.class);
        assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag kept").isTrue();
      } finally {
        Thread.interrupted();
      }
    }
  }

  @Test
  void refusesLogitsOfAnotherTrainingSetBeforeTraining() throws Exception {
    var other = new TeacherLogits(100, 10, new float[100 * 10]);
    try (Model student = newStudent()) {
      assertThatThrownBy(
              () ->
                  distiller(settings.build())
                      .train(student, train, other, null, EpochListener.NONE, () -> false))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "TeacherLogits[100 images x 10 classes] do not fit 128 training images x 10"
                  + " classes");
    }
  }

  @Test
  void sameSeedGivesSameParameters() throws Exception {
    assertThat(trainedParameters(settings.build())).isEqualTo(trainedParameters(settings.build()));
  }

  @Test
  void resumesAtTheNextEpoch() throws Exception {
    // given the parameters after epoch 1 of 2
    byte[] afterFirstEpoch;
    try (Model student = newStudent()) {
      distiller(
              TrainingSettings.builder()
                  .setEpochs(1)
                  .setBatchSize(32)
                  .setLearningRate(1e-3f)
                  .optSeed(11)
                  .build())
          .train(student, train, teacherLogits, null, EpochListener.NONE, () -> false);
      afterFirstEpoch = ModelCheckpoint.save(student);
    }

    // when a fresh student resumes from them
    List<EpochReport> reports = new ArrayList<>();
    try (Model resumed = newStudent()) {
      distiller(settings.optResume(1, afterFirstEpoch, new byte[0]).build())
          .train(resumed, train, teacherLogits, null, reports::add, () -> false);
    }

    // then only epoch 2 runs
    assertThat(reports).extracting(EpochReport::epoch).containsExactly(2);
  }

  @Test
  void aRunResumedWithItsOptimizerStateEndsWithTheWeightsOfTheUninterruptedOne() throws Exception {
    TrainingSettings.Builder cosine = settings.setEpochs(3).optCosineDecay(true);
    byte[] uninterrupted = trainedParameters(cosine.build());

    // given a run killed in epoch 2, and what it saved at its resume point after epoch 1
    List<byte[]> saved = new ArrayList<>();
    EpochListener checkpointing =
        new EpochListener() {
          @Override
          public void onEpochCompleted(EpochReport report) {}

          @Override
          public void onResumePoint(ResumePoint point) {
            saved.add(point.parameters());
            saved.add(point.optimizerState());
          }
        };
    int batchesPerEpoch = train.count() / 32;
    AtomicInteger polls = new AtomicInteger();
    try (Model student = newStudent()) {
      assertThatThrownBy(
              () ->
                  distiller(cosine.build())
                      .train(
                          student,
                          train,
                          teacherLogits,
                          null,
                          checkpointing,
                          () -> polls.incrementAndGet() > batchesPerEpoch + 2))
          .isInstanceOf(CancellationException.class)
          .hasMessageContaining("epoch 2");
    }
    assertThat(saved).hasSize(2);
    assertThat(saved.get(1)).isNotEmpty();

    // when fresh students resume after epoch 1, with and without Adam's moments
    byte[] resumed = trainedParameters(cosine.optResume(1, saved.get(0), saved.get(1)).build());
    byte[] momentsLost = trainedParameters(cosine.optResume(1, saved.get(0), new byte[0]).build());

    // then only the one with its moments is the run that was never interrupted
    assertThat(resumed).isEqualTo(uninterrupted);
    assertThat(momentsLost).isNotEqualTo(uninterrupted);
  }

  private byte[] trainedParameters(TrainingSettings trainingSettings) throws Exception {
    try (Model student = newStudent()) {
      distiller(trainingSettings)
          .train(student, train, teacherLogits, null, EpochListener.NONE, () -> false);
      return ModelCheckpoint.save(student);
    }
  }

  private static DistillationTrainer distiller(TrainingSettings trainingSettings) {
    return new DistillationTrainer(trainingSettings, new KnowledgeDistillationLoss(0.5f, 2f));
  }

  private static Model newStudent() {
    Model model = Model.newInstance("student");
    model.setBlock(DepthwiseStudent.build(TINY));
    return model;
  }
}
