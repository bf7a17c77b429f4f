package dev.netshrink.workers.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import dev.netshrink.protocol.spec.Architecture;
import dev.netshrink.workers.data.FashionMnistFiles;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.eval.Evaluator;
import dev.netshrink.workers.model.Architectures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Teacher, logits and distilled student on a few hundred real Fashion-MNIST images. */
class RealTrainingTest {

  private static final double CHANCE = 0.1;

  @Test
  void teacherAndDistilledStudentLearnWellAboveChance() throws Exception {
    // given 500 training and 500 test images
    ImageDataset train = FashionMnistFiles.train().limit(500);
    ImageDataset test = FashionMnistFiles.test().limit(500);
    // Small batches: one epoch of 500 images must give BatchNorm's running statistics enough steps
    // to settle.
    TrainingSettings.Builder settings =
        TrainingSettings.builder().setEpochs(1).setBatchSize(16).optSeed(3);
    List<EpochReport> teacherReports = new ArrayList<>();
    List<EpochReport> studentReports = new ArrayList<>();

    try (Model teacher = Model.newInstance("teacher");
        Model student = Model.newInstance("student")) {
      // when the teacher trains, labels the training images, and the student distills from it
      teacher.setBlock(Architectures.create(Architecture.TEACHER_CNN, 10));
      new TeacherTrainer(settings.setLearningRate(1e-3f).build())
          .train(teacher, train, test, teacherReports::add, () -> false);
      TeacherLogits logits = LogitsComputer.compute(teacher, train, 128);

      student.setBlock(Architectures.create(Architecture.DW_STUDENT, 10));
      new DistillationTrainer(
              settings.setLearningRate(5e-3f).build(), new KnowledgeDistillationLoss(0.5f, 4f))
          .train(student, train, logits, test, studentReports::add, () -> false);

      // then both are clearly better than guessing
      assertThat(teacherReports)
          .singleElement()
          .satisfies(
              report -> {
                assertThat(report.epoch()).isEqualTo(1);
                assertThat(report.meanKd()).isZero();
                assertThat(report.evalAccuracy()).isGreaterThan(4 * CHANCE);
                assertThat(report.imagesPerSecond()).isPositive();
              });
      assertThat(studentReports)
          .singleElement()
          .satisfies(
              report -> {
                assertThat(report.meanKd()).isPositive();
                assertThat(report.meanCe()).isPositive();
                assertThat(report.meanLoss())
                    .isCloseTo(0.5 * 16 * report.meanKd() + 0.5 * report.meanCe(), within(1e-3));
                assertThat(report.evalAccuracy()).isGreaterThan(4 * CHANCE);
              });
      assertThat(Evaluator.accuracy(student, test, 100))
          .isEqualTo(studentReports.get(0).evalAccuracy());
      assertThat(logits.images()).isEqualTo(500);
      assertThat(logits.classes()).isEqualTo(10);
    }
  }
}
