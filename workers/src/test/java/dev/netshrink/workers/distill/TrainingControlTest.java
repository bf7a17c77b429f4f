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
      distiller(settings.optResume(1, afterFirstEpoch).build())
          .train(resumed, train, teacherLogits, null, reports::add, () -> false);
    }

    // then only epoch 2 runs
    assertThat(reports).extracting(EpochReport::epoch).containsExactly(2);
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
