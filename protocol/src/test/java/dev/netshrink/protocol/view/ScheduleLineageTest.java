package dev.netshrink.protocol.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.protocol.event.KeptModel;
import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.event.PruneStage;
import dev.netshrink.protocol.spec.ModelRole;
import dev.netshrink.protocol.spec.PruningMethod;
import dev.netshrink.protocol.spec.ScheduleKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A schedule's rounds as models (each from the round before) and against one-shot pruning. */
class ScheduleLineageTest {

  private static final String TRIAL = "c/kd-a0.9-t4";

  @Test
  void eachRoundIsAModelPrunedFromTheRoundBeforeWithItsFineTunedAccuracy() {
    List<ModelView> models = ModelView.of(campaign());

    assertThat(models.subList(1, models.size()))
        .extracting(ModelView::id, ModelView::parents, ModelView::accuracy)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "kd-a0.9-t4/l2-structured/one-shot/0.75", List.of("kd-a0.9-t4"), 0.70),
            org.assertj.core.groups.Tuple.tuple(
                "kd-a0.9-t4/l2-structured/agp/0.6563", List.of("kd-a0.9-t4"), 0.78),
            org.assertj.core.groups.Tuple.tuple(
                "kd-a0.9-t4/l2-structured/agp/0.75",
                List.of("kd-a0.9-t4/l2-structured/agp/0.6563"),
                0.74));
    assertThat(models.get(3).operation())
        .isEqualTo("agp 2/2: prune l2-structured to 0.75, fine-tune 1 epoch");
  }

  @Test
  void theLastRoundIsComparedWithOneShotAtTheSameRatioAndEpochs() {
    assertThat(ScheduleOutcome.of(campaign().pruning()))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.schedule()).isEqualTo(ScheduleKind.AGP);
              assertThat(o.totalFineTuneEpochs()).isEqualTo(2);
              assertThat(o.accuracy()).isEqualTo(0.74);
              assertThat(o.oneShotAccuracy()).isEqualTo(0.70);
              assertThat(o.gain()).isCloseTo(0.04, org.assertj.core.api.Assertions.within(1e-9));
            });
  }

  private static CampaignView campaign() {
    return new CampaignView(
        "c",
        "n",
        CampaignStatus.SUCCEEDED,
        1L,
        List.of(
            new TrialView(
                TRIAL,
                "kd-a0.9-t4",
                "student",
                0.9,
                4.0,
                TrialStatus.SUCCEEDED,
                1,
                "w",
                List.of(),
                1.0,
                null,
                0.85,
                58_378L,
                1.0,
                null,
                245_740L)),
        List.of(
            round(ScheduleKind.ONE_SHOT, 1, 1, 2, 0.75, 0.70),
            round(ScheduleKind.AGP, 1, 2, 1, 0.6563, 0.78),
            round(ScheduleKind.AGP, 2, 2, 1, 0.75, 0.74)),
        null,
        List.of());
  }

  private static PrunePoint round(
      ScheduleKind kind, int round, int rounds, int epochs, double ratio, double tuned) {
    PruneStage stage = new PruneStage(kind, round, rounds, epochs);
    return new PrunePoint(
            ModelRole.STUDENT,
            PruningMethod.L2_STRUCTURED,
            ratio,
            0.3,
            1,
            2,
            9_000,
            0.004,
            64,
            8,
            tuned)
        .withKept(
            new KeptModel(KeptModel.keyOf(TRIAL, "l2-structured", stage, ratio), TRIAL, 40_000))
        .withStage(stage);
  }
}
