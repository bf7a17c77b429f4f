package dev.netshrink.protocol.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoppingSpecTest {

  @Test
  void ashaRungsGrowByEtaAndNeverIncludeTheLastEpoch() {
    StoppingSpec asha = new StoppingSpec(StoppingRule.ASHA, 3, 1, null).resolved();

    assertThat(asha.rungs(27)).containsExactly(1, 3, 9);
    assertThat(asha.rungs(28)).containsExactly(1, 3, 9, 27);
    assertThat(asha.rungs(1)).isEmpty();
    assertThat(new StoppingSpec(StoppingRule.ASHA, 2, 2, null).resolved().rungs(16))
        .containsExactly(2, 4, 8);
  }

  @Test
  void theMedianRuleJudgesEveryEpochFromTheGracePeriod() {
    assertThat(new StoppingSpec(StoppingRule.MEDIAN, null, 2, null).resolved().rungs(5))
        .containsExactly(2, 3, 4);
  }

  @Test
  void noRuleJudgesNothingAndDefaultsAreEtaThreeFromEpochOne() {
    StoppingSpec none = new StoppingSpec(null, null, null, null).resolved();

    assertThat(none.rule()).isEqualTo(StoppingRule.NONE);
    assertThat(none.rungs(10)).isEmpty();
    assertThat(none.eta()).isEqualTo(3);
    assertThat(none.minEpochs()).isEqualTo(1);
  }

  @Test
  void aSearchSpecIsValidWhenSound() {
    CampaignSpec spec =
        SpecValidator.load(
            """
            name: ok
            search:
              strategy: random
              trials: 8
              space:
                alpha: {uniform: [0, 1]}
                epochs: {int: [1, 4]}
                batchSize: {choice: [32, 64]}
                widthMultiplier: {logUniform: [0.25, 4]}
              stopping: {rule: median, minTrials: 2}
            """,
            false);

    assertThat(spec.search().trials()).isEqualTo(8);
    assertThat(spec.search().stopping().minTrials()).isEqualTo(2);
    assertThat(spec.search().space().epochs().integer()).containsExactly(1L, 4L);
  }

  @Test
  void aTpeSearchStartsWithAQuarterOfItsTrialsAtRandomAndKeepsTwoInFlight() {
    CampaignSpec spec =
        SpecValidator.load(
            """
            name: ok
            search: {strategy: tpe, trials: 40, space: {alpha: {uniform: [0, 1]}}}
            """,
            false);

    assertThat(spec.search().startup()).isEqualTo(10);
    assertThat(spec.search().parallel()).isEqualTo(2);
    assertThat(spec.search().randomPoints()).isEqualTo(10);
  }
}
