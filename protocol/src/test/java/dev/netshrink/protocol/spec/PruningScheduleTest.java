package dev.netshrink.protocol.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The ratios each schedule prunes to, and what runs next to it. */
class PruningScheduleTest {

  @Test
  void iterativeStepsEvenlyToTheTarget() {
    assertThat(new PruningSchedule(ScheduleKind.ITERATIVE, 0.75, 3, 1).ratios())
        .containsExactly(0.25, 0.5, 0.75);
  }

  @Test
  void agpFollowsZhuAndGuptasCubicSoTheFirstStepsAreTheLargest() {
    // s_k = s_f * (1 - (1 - k/n)^3): 0.75 * (1 - 8/27), 0.75 * (1 - 1/27), 0.75
    assertThat(new PruningSchedule(ScheduleKind.AGP, 0.75, 3, 1).ratios())
        .containsExactly(0.5278, 0.7222, 0.75);
  }

  @Test
  void aGradualScheduleRunsNextToOneShotWithAsManyFineTuningEpochs() {
    List<PruningSchedule.Plan> plans = new PruningSchedule(ScheduleKind.AGP, 0.5, 4, 2).plans();

    assertThat(plans).hasSize(2);
    assertThat(plans.get(0))
        .isEqualTo(new PruningSchedule.Plan(ScheduleKind.ONE_SHOT, List.of(0.5), 8));
    assertThat(plans.get(1).kind()).isEqualTo(ScheduleKind.AGP);
    assertThat(plans.get(1).rounds() * plans.get(1).epochsPerRound()).isEqualTo(8);
    assertThat(new PruningSchedule(ScheduleKind.ONE_SHOT, 0.5, 4, 2).plans())
        .containsExactly(new PruningSchedule.Plan(ScheduleKind.ONE_SHOT, List.of(0.5), 8));
  }

  @Test
  void absentFieldsResolveToThreeIterativeRoundsOfOneEpoch() {
    CampaignSpec spec = SpecValidator.load("pruning: {schedule: {targetRatio: 0.6}}\n", false);

    assertThat(spec.pruning().schedule())
        .isEqualTo(new PruningSchedule(ScheduleKind.ITERATIVE, 0.6, 3, 1));
  }
}
