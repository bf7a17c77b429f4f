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
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each layer pruned alone: the rest of the network as trained, the network unchanged after. */
class SensitivitySweepTest {

  private static final DepthwiseStudentShape SHAPE =
      DepthwiseStudentShape.of(1, new int[] {8, 16, 32}, 10);
  private static final ImageDataset TEST = FashionMnistFiles.test().limit(200);
  private static byte[] trained;

  @BeforeAll
  static void train() throws Exception {
    try (Model model = student()) {
      new TeacherTrainer(
              TrainingSettings.builder()
                  .setEpochs(1)
                  .setBatchSize(32)
                  .setLearningRate(3e-3f)
                  .build())
          .train(
              model, FashionMnistFiles.train().limit(500), null, EpochListener.NONE, () -> false);
      trained = ModelCheckpoint.save(model);
    }
  }

  @Test
  void maskingOneConvolutionAtATimeLeavesTheOthersAndRestoresIt() throws Exception {
    try (Model model = student()) {
      ModelCheckpoint.load(model, trained);
      double dense = Evaluator.accuracy(model, TEST, 100);
      long denseParameters = ParameterCounts.nonZeroTrainable(model.getBlock());
      int layers = ConvWeights.of(model.getBlock()).size();

      List<SensitivitySweep.Point> points =
          SensitivitySweep.masked(model.getBlock(), TEST, List.of(0.0, 0.5, 0.9), 100);

      assertThat(points).hasSize(layers * 3);
      Map<String, List<SensitivitySweep.Point>> byLayer =
          points.stream().collect(Collectors.groupingBy(SensitivitySweep.Point::layer));
      assertThat(byLayer).hasSize(layers);
      byLayer.values().forEach(curve -> assertThat(curve.get(0).accuracy()).isEqualTo(dense));
      // one layer at 0.9 loses 90% of its own weights only: far fewer than the network's
      for (List<SensitivitySweep.Point> curve : byLayer.values()) {
        long lost = denseParameters - curve.get(2).parameters();
        assertThat(lost).isPositive().isLessThan(denseParameters / 2);
      }
      // layers differ in how much they matter
      assertThat(byLayer.values().stream().map(c -> c.get(2).accuracy()).distinct().count())
          .isGreaterThan(1);
      assertThat(ModelCheckpoint.save(model)).as("the network as it came").isEqualTo(trained);
    }
  }

  @Test
  void narrowingOneChannelGroupAtATimeRemovesOnlyItsChannels() throws Exception {
    try (Model model = student()) {
      ModelCheckpoint.load(model, trained);
      long denseParameters = ParameterCounts.trainable(model.getBlock());
      StructuredSweep.Target target = new StructuredSweep.Target.Student(model.getBlock(), SHAPE);

      List<SensitivitySweep.Point> points =
          SensitivitySweep.channels(target, TEST, List.of(0.0, 0.5), ChannelRule.of(2), 100);

      assertThat(points).hasSize(target.groups() * 2);
      assertThat(points)
          .filteredOn(p -> p.ratio() == 0.0)
          .allSatisfy(
              p -> {
                assertThat(p.parameters()).isEqualTo(denseParameters);
                assertThat(p.accuracy()).isEqualTo(Evaluator.accuracy(model, TEST, 100));
              });
      long uniform = DepthwiseStudentShape.of(1, new int[] {4, 8, 16}, 10).parameterCount();
      assertThat(points)
          .filteredOn(p -> p.ratio() == 0.5)
          .allSatisfy(
              p -> assertThat(p.parameters()).isLessThan(denseParameters).isGreaterThan(uniform));
      assertThat(points.get(0).layer()).startsWith("group00 (8 channels)");
      assertThat(ModelCheckpoint.save(model)).isEqualTo(trained);
    }
  }

  private static Model student() {
    Model model = Model.newInstance("student");
    model.setBlock(DepthwiseStudent.build(SHAPE));
    model
        .getBlock()
        .initialize(
            model.getNDManager(),
            ai.djl.ndarray.types.DataType.FLOAT32,
            new ai.djl.ndarray.types.Shape(1, 1, 28, 28));
    return model;
  }
}
