package dev.netshrink.workers.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.model.DepthwiseStudent;
import dev.netshrink.workers.model.DepthwiseStudentShape;
import dev.netshrink.workers.model.GradientMode;
import dev.netshrink.workers.model.TestNetworks;
import org.junit.jupiter.api.Test;

class InferenceLatencyTest {

  @Test
  void aTimedPassFreesItsActivationsSoAWarmUpDoesNotHoldThemAll() {
    try (NDManager manager = NDManager.newBaseManager();
        GradientMode noGrad = GradientMode.disabled()) {
      Block student =
          TestNetworks.initialized(
              DepthwiseStudent.build(DepthwiseStudentShape.defaults(10)),
              manager,
              new Shape(8, 1, 28, 28));
      NDArray images = manager.randomUniform(0, 1, new Shape(8, 1, 28, 28));
      ParameterStore parameters = new ParameterStore(manager, false);
      int before = manager.getManagedArrays().size();

      for (int pass = 0; pass < 20; pass++) {
        assertThat(InferenceLatency.forward(student, parameters, images)).isPositive();
      }

      // a pass left nothing behind: a warm-up of hundreds of passes held gigabytes before
      assertThat(manager.getManagedArrays()).hasSize(before);
      assertThat(images.isReleased()).isFalse();
    }
  }

  @Test
  void aPairedTimingTimesEachNetworkOnTheSameBatchAsOftenAsAlone() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Shape input = new Shape(4, 1, 28, 28);
      Block narrow =
          TestNetworks.initialized(
              DepthwiseStudent.build(
                  DepthwiseStudentShape.of(1, new int[] {8, 16, 16, 16, 16}, 10)),
              manager,
              input);
      Block wide =
          TestNetworks.initialized(
              DepthwiseStudent.build(DepthwiseStudentShape.defaults(10)), manager, input);
      ImageDataset images = new ImageDataset(new float[6 * 784], new int[6], 6, 1, 28, 28, 10);

      InferenceLatency.Paired both = InferenceLatency.paired(narrow, wide, images, 4);

      for (InferenceLatency.Latency l : java.util.List.of(both.subject(), both.reference())) {
        assertThat(l.batchSize()).isEqualTo(4);
        assertThat(l.minSeconds()).isPositive();
        assertThat(l.p10Seconds()).isBetween(l.minSeconds(), l.medianSeconds());
        assertThat(l.p90Seconds()).isBetween(l.medianSeconds(), l.maxSeconds());
      }
    }
  }

  @Test
  void percentilesAreNearestRanksOfTheSortedTimes() {
    double[] sorted = new double[21];
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = i + 1;
    }
    // of 21 times, the 3rd and the 19th
    assertThat(InferenceLatency.percentile(sorted, 0.10)).isEqualTo(3);
    assertThat(InferenceLatency.percentile(sorted, 0.90)).isEqualTo(19);
    assertThat(InferenceLatency.percentile(new double[] {7}, 0.10)).isEqualTo(7);
  }
}
