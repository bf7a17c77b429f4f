package dev.netshrink.workers.prune;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.netshrink.workers.data.FashionMnistFiles;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.distill.EpochListener;
import dev.netshrink.workers.distill.TeacherTrainer;
import dev.netshrink.workers.distill.TrainingSettings;
import dev.netshrink.workers.eval.Evaluator;
import dev.netshrink.workers.model.DepthwiseStudent;
import dev.netshrink.workers.model.DepthwiseStudentShape;
import dev.netshrink.workers.model.ModelCheckpoint;
import dev.netshrink.workers.model.ParameterCounts;
import dev.netshrink.workers.model.ResNet18;
import dev.netshrink.workers.model.TeacherCnn;
import dev.netshrink.workers.model.TestNetworks;
import java.util.List;
import org.junit.jupiter.api.Test;

class StructuredSweepTest {

  @Test
  void narrowerCopiesShrinkParametersAndMacsAndLeaveTheOriginalAlone() throws Exception {
    ImageDataset train = FashionMnistFiles.train().limit(500);
    ImageDataset test = FashionMnistFiles.test().limit(200);
    DepthwiseStudentShape shape = DepthwiseStudentShape.of(1, new int[] {8, 16, 32}, 10);
    try (Model model = Model.newInstance("student")) {
      model.setBlock(DepthwiseStudent.build(shape));
      new TeacherTrainer(
              TrainingSettings.builder()
                  .setEpochs(1)
                  .setBatchSize(32)
                  .setLearningRate(3e-3f)
                  .build())
          .train(model, train, null, EpochListener.NONE, () -> false);
      byte[] before = ModelCheckpoint.save(model);

      List<SweepMeasurement> points =
          StructuredSweep.run(
              new StructuredSweep.Target.Student(model.getBlock(), shape),
              test,
              List.of(0.0, 0.5, 0.75),
              2,
              100);

      assertThat(points.get(0).accuracy()).isEqualTo(Evaluator.accuracy(model, test, 100));
      assertThat(points.get(0).nonZeroParameters())
          .isEqualTo(ParameterCounts.trainable(model.getBlock()));
      assertThat(points.get(1).nonZeroParameters())
          .isEqualTo(DepthwiseStudentShape.of(1, new int[] {4, 8, 16}, 10).parameterCount());
      assertThat(points)
          .extracting(SweepMeasurement::macs)
          .isSortedAccordingTo((a, b) -> Long.compare(b, a))
          .doesNotHaveDuplicates();
      assertThat(points.get(2).nonZeroConvWeights())
          .isLessThan(points.get(0).nonZeroConvWeights() / 8);
      assertThat(points)
          .extracting(SweepMeasurement::totalConvWeights)
          .containsOnly(points.get(0).nonZeroConvWeights());
      assertThat(ModelCheckpoint.save(model)).isEqualTo(before);
    }
  }

  @Test
  void eachKindOfTargetNarrowsItsOwnKindOfNetwork() {
    Shape grey = new Shape(1, 1, 28, 28);
    Shape colour = new Shape(1, 3, 32, 32);
    try (NDManager manager = NDManager.newBaseManager()) {
      StructuredSweep.Target teacher =
          new StructuredSweep.Target.TeacherCnn(
              TestNetworks.initialized(TeacherCnn.build(10, new int[] {8, 8, 16}), manager, grey),
              10);
      StructuredSweep.Target resnet =
          new StructuredSweep.Target.ResNet18(
              TestNetworks.initialized(ResNet18.build(11), manager, colour), 11);

      assertThat(teacher.narrow(0.5, ChannelRule.of(2), manager, grey).widths())
          .containsExactly(4, 4, 8);
      assertThat(resnet.narrow(0.5, ChannelRule.of(2), manager, colour).widths())
          .containsExactly(32, 64, 128, 256, 32, 32, 64, 64, 128, 128, 256, 256);
    }
  }
}
