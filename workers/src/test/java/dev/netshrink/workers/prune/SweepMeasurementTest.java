package dev.netshrink.workers.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.netshrink.protocol.event.LatencySpread;
import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.spec.ModelRole;
import dev.netshrink.protocol.spec.PruningMethod;
import dev.netshrink.workers.eval.InferenceLatency.Latency;
import org.junit.jupiter.api.Test;

class SweepMeasurementTest {

  private final SweepMeasurement measured =
      new SweepMeasurement(
          0.5,
          0.81,
          400,
          1000,
          5200,
          new Latency(64, 0.012, 0.010, 0.020, 0.011, 0.015),
          90_000,
          0.84);

  @Test
  void becomesThePointOfTheModelAndMethodItWasMeasuredFor() {
    PrunePoint point = measured.asPrunePoint(ModelRole.STUDENT, PruningMethod.L1_UNSTRUCTURED);

    assertThat(point)
        .isEqualTo(
            new PrunePoint(
                    ModelRole.STUDENT,
                    PruningMethod.L1_UNSTRUCTURED,
                    0.5,
                    0.81,
                    400,
                    1000,
                    5200,
                    0.012,
                    64,
                    90_000,
                    0.84)
                .withLatencySpread(new LatencySpread(0.011, 0.015)));
  }

  @Test
  void aPointTimedAlternatelyWithTheDenseNetworkCarriesItsRatioToIt() {
    Latency dense = new Latency(64, 0.016, 0.014, 0.030, 0.015, 0.018);
    Latency pruned = new Latency(64, 0.008, 0.007, 0.010, 0.0075, 0.009);

    PrunePoint point =
        measured
            .timed(new LatencyTimer.Timed(pruned, dense))
            .asPrunePoint(ModelRole.STUDENT, PruningMethod.L2_STRUCTURED);

    assertThat(point.latencySeconds()).isEqualTo(0.008);
    assertThat(point.latencySpread()).isEqualTo(new LatencySpread(0.0075, 0.009));
    assertThat(point.denseLatencySeconds()).isEqualTo(0.016);
    assertThat(point.latencyVsDense()).hasValue(0.5);
    // timed alone: no ratio to claim
    assertThat(
            measured.asPrunePoint(ModelRole.STUDENT, PruningMethod.L2_STRUCTURED).latencyVsDense())
        .isEmpty();
  }

  @Test
  void sparsityIsTheShareOfConvolutionWeightsThatAreZero() {
    assertThat(measured.sparsity()).isCloseTo(0.6, within(1e-12));
  }
}
