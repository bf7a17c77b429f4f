package dev.netshrink.protocol.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.protocol.spec.TargetSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model a target picks, the one that comes closest when none fits, and the Pareto front. */
class TargetChoiceTest {

  private static final List<ModelView> MODELS =
      List.of(
          model("teacher", 0.91, 155_626, 20_000_000L),
          model("kd", 0.89, 58_378, 5_000_000L),
          model("ce", 0.88, 58_378, null),
          model("kd/l2-structured/0.50", 0.80, 16_394, 1_500_000L),
          model("kd/l2-structured/0.75", 0.55, 5_002, 400_000L),
          model("teacher/l2-structured/0.50", 0.79, 54_778, 6_000_000L));

  @Test
  void theMostAccurateModelWithinEveryBoundIsChosen() {
    TargetChoice choice =
        TargetChoice.of(MODELS, new TargetSpec(30_000L, null, null, null, null), 0.91);

    assertThat(choice.met()).isTrue();
    assertThat(choice.chosen()).isEqualTo("kd/l2-structured/0.50");
    assertThat(choice.target()).isEqualTo("maxParams 30,000");
  }

  @Test
  void anAccuracyDropIsMeasuredFromTheTeacherAndUnmeasuredMacsDoNotFit() {
    TargetChoice drop =
        TargetChoice.of(MODELS, new TargetSpec(60_000L, null, null, 0.025, null), 0.91);
    TargetChoice macs =
        TargetChoice.of(MODELS, new TargetSpec(null, 5_000_000L, null, 0.05, null), 0.91);

    assertThat(drop.chosen()).isEqualTo("kd");
    assertThat(macs.chosen()).as("ce's MACs were not measured").isEqualTo("kd");
  }

  @Test
  void whenNothingFitsTheClosestIsNamedWithWhatItMisses() {
    TargetChoice choice =
        TargetChoice.of(MODELS, new TargetSpec(10_000L, null, null, null, 0.85), 0.91);

    assertThat(choice.met()).isFalse();
    assertThat(choice.chosen()).isNull();
    // by its worst bound, relative to the bound: 0.35 short of the accuracy, against 0.64 over
    // the parameters for the 0.50 network
    assertThat(choice.closest()).isEqualTo("kd/l2-structured/0.75");
    assertThat(choice.reason()).isEqualTo("accuracy 0.5500 < 0.8500");
  }

  @Test
  void theFrontHoldsTheModelsNoOtherBeatsOnBothAccuracyAndParameters() {
    TargetChoice choice =
        TargetChoice.of(MODELS, new TargetSpec(30_000L, null, null, null, null), 0.91);

    assertThat(choice.front())
        .containsExactly("kd/l2-structured/0.75", "kd/l2-structured/0.50", "kd", "teacher");
  }

  @Test
  void theFrontsByMacsAndLatencyHoldOnlyTheModelsTheyWereMeasuredFor() {
    TargetChoice choice =
        TargetChoice.of(MODELS, new TargetSpec(30_000L, null, null, null, null), 0.91);

    // "ce" has no MACs measured; the teacher narrowed to 0.50 costs more than "kd" for less
    assertThat(choice.frontByMacs())
        .containsExactly("kd/l2-structured/0.75", "kd/l2-structured/0.50", "kd", "teacher");
    assertThat(choice.frontByLatency()).as("no latency measured here").isEmpty();
  }

  private static ModelView model(String id, double accuracy, long parameters, Long macs) {
    return new ModelView(id, List.of(), "op", accuracy, parameters, macs, null, 1L);
  }
}
