package dev.netshrink.workers.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
import dev.netshrink.workers.model.TestNetworks;
import java.util.List;
import org.junit.jupiter.api.Test;

class PruningSweepTest {

  @Test
  void everyRatioStartsFromTheOriginalWeightsAndTheNetworkIsRestored() throws Exception {
    ImageDataset train = FashionMnistFiles.train().limit(500);
    ImageDataset test = FashionMnistFiles.test().limit(300);
    try (Model model = Model.newInstance("student")) {
      // given a briefly trained student
      model.setBlock(
          DepthwiseStudent.build(DepthwiseStudentShape.of(1, new int[] {8, 16, 32}, 10)));
      new TeacherTrainer(
              TrainingSettings.builder()
                  .setEpochs(1)
                  .setBatchSize(32)
                  .setLearningRate(3e-3f)
                  .build())
          .train(model, train, null, EpochListener.NONE, () -> false);
      byte[] before = ModelCheckpoint.save(model);
      double unpruned = Evaluator.accuracy(model, test, 100);

      // when sweeping from nothing to nearly everything pruned, and back to nothing
      List<SweepMeasurement> points =
          PruningSweep.run(model.getBlock(), test, List.of(0.0, 0.5, 0.95, 0.0), 100);

      // then
      long total = 72 + 72 + 128 + 144 + 512;
      assertThat(points).extracting(SweepMeasurement::totalConvWeights).containsOnly(total);
      assertThat(points.get(0).accuracy()).isEqualTo(unpruned);
      assertThat(points.get(0).nonZeroConvWeights()).isEqualTo(total);
      assertThat(points.get(1).sparsity()).isCloseTo(0.5, within(0.01));
      assertThat(points.get(2).nonZeroConvWeights()).isLessThan(total / 10);
      assertThat(points.get(0).nonZeroParameters())
          .isEqualTo(ParameterCounts.trainable(model.getBlock()));
      assertThat(points.get(1).nonZeroParameters())
          .isEqualTo(
              points.get(0).nonZeroParameters() - (total - points.get(1).nonZeroConvWeights()));
      assertThat(points)
          .allSatisfy(
              p -> {
                assertThat(p.latency().batchSize()).isEqualTo(100);
                assertThat(p.latency().minSeconds())
                    .isPositive()
                    .isLessThanOrEqualTo(p.latency().medianSeconds());
                assertThat(p.latency().medianSeconds())
                    .isLessThanOrEqualTo(p.latency().maxSeconds());
              });
      assertThat(points.get(3))
          .usingRecursiveComparison()
          .ignoringFields("latency", "fineTunedAccuracy")
          .isEqualTo(points.get(0));
      assertThat(ModelCheckpoint.save(model)).isEqualTo(before);
    }
  }

  @Test
  void aGlobalSweepPrunesTheExactShareOfAllConvWeightsTogether() throws Exception {
    ImageDataset test = FashionMnistFiles.test().limit(100);
    try (Model model = Model.newInstance("student")) {
      model.setBlock(
          DepthwiseStudent.build(DepthwiseStudentShape.of(1, new int[] {8, 16, 32}, 10)));
      TestNetworks.initialized(
          model.getBlock(), model.getNDManager(), new ai.djl.ndarray.types.Shape(1, 1, 28, 28));
      byte[] before = ModelCheckpoint.save(model);

      List<SweepMeasurement> points =
          PruningSweep.run(
              model.getBlock(),
              test,
              List.of(0.5, 0.9),
              100,
              true,
              FineTuner.NONE,
              LatencyTimer.ALONE);

      long total = 72 + 72 + 128 + 144 + 512;
      assertThat(points.get(0).nonZeroConvWeights()).isEqualTo(total - Math.round(0.5 * total));
      assertThat(points.get(1).nonZeroConvWeights())
          .isEqualTo(total - (long) Math.rint(0.9 * total));
      assertThat(ModelCheckpoint.save(model)).isEqualTo(before);
    }
  }

  @Test
  void fineTuningAMaskedStudentTrainsOnlyTheWeightsThatSurvived() throws Exception {
    ImageDataset train = FashionMnistFiles.train().limit(500);
    DepthwiseStudentShape shape = DepthwiseStudentShape.of(1, new int[] {8, 16, 32}, 10);
    try (Model pruned = Model.newInstance("pruned");
        Model tuned = Model.newInstance("tuned")) {
      pruned.setBlock(DepthwiseStudent.build(shape));
      TestNetworks.initialized(
          pruned.getBlock(), pruned.getNDManager(), new ai.djl.ndarray.types.Shape(1, 1, 28, 28));
      MagnitudePruning.pruneConvWeights(pruned.getBlock(), 0.6);
      List<float[]> masks = KeepPrunedZero.masksOf(pruned.getBlock());

      tuned.setBlock(DepthwiseStudent.build(shape));
      new TeacherTrainer(
              TrainingSettings.builder()
                  .setEpochs(1)
                  .setBatchSize(50)
                  .setLearningRate(3e-3f)
                  .optInitialParameters(ModelCheckpoint.save(pruned))
                  .optAfterStep(new KeepPrunedZero(masks))
                  .build())
          .train(tuned, train, null, EpochListener.NONE, () -> false);

      List<float[]> after = KeepPrunedZero.masksOf(tuned.getBlock());
      for (int i = 0; i < masks.size(); i++) {
        // every pruned weight is still zero; the others trained (none happened to land on 0)
        assertThat(after.get(i)).as("conv %d", i).containsExactly(masks.get(i));
      }
      assertThat(ModelCheckpoint.save(tuned)).isNotEqualTo(ModelCheckpoint.save(pruned));
    }
  }

  @Test
  void defaultRatiosRunFromZeroToNinetyFivePercent() {
    assertThat(PruningSweep.DEFAULT_RATIOS)
        .hasSize(20)
        .startsWith(0.0, 0.05, 0.1)
        .endsWith(0.9, 0.95);
  }
}
