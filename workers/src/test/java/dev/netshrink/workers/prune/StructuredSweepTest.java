package dev.netshrink.workers.prune;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
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
      new TeacherTrainer(TrainingSettings.builder().setEpochs(1).setBatchSize(32)
          .setLearningRate(3e-3f).build()).train(model, train, null, EpochListener.NONE, () -> false);
      byte[] before = ModelCheckpoint.save(model);

      List<SweepMeasurement> points = StructuredSweep.run(
          StructuredSweep.Target.student(model.getBlock(), shape), test, List.of(0.0, 0.5, 0.75),
          2, 100);

      assertThat(points.get(0).accuracy()).isEqualTo(Evaluator.accuracy(model, test, 100));
      assertThat(points.get(0).nonZeroParameters())
          .isEqualTo(ParameterCounts.trainable(model.getBlock()));
      assertThat(points.get(1).nonZeroParameters())
          .isEqualTo(DepthwiseStudentShape.parameterCount(1, new int[] {4, 8, 16}, 10));
      assertThat(points).extracting(SweepMeasurement::macs)
          .isSortedAccordingTo((a, b) -> Long.compare(b, a)).doesNotHaveDuplicates();
      assertThat(points.get(2).nonZeroConvWeights())
          .isLessThan(points.get(0).nonZeroConvWeights() / 8);
      assertThat(points).extracting(SweepMeasurement::totalConvWeights)
          .containsOnly(points.get(0).nonZeroConvWeights());
      assertThat(ModelCheckpoint.save(model)).isEqualTo(before);
    }
  }
}
