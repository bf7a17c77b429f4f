package dev.netshrink.orchestrator.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.protocol.spec.SpecValidator;
import dev.netshrink.protocol.view.TargetChoice;
import org.junit.jupiter.api.Test;

/**
 * A campaign's view answers its spec's target from the start, and carries no choice without one.
 */
class CampaignStateTargetTest {

  private static final AttemptLimits LIMITS = new AttemptLimits(2, 2);

  @Test
  void aTargetIsAnsweredFromTheFirstViewOnBeforeAnyModelExists() {
    CampaignState targeted =
        new CampaignState(
            "c1",
            SpecValidator.load("name: t\ntarget: {maxParams: 30000, maxAccuracyDrop: 0.05}", false),
            0L,
            LIMITS);

    TargetChoice first = targeted.view().choice();

    assertThat(first.met()).isFalse();
    assertThat(first.closest()).isNull();
    assertThat(first.reason()).isEqualTo("the campaign has no models yet");
    assertThat(first.target()).isEqualTo("maxParams 30,000, maxAccuracyDrop 0.05");
    assertThat(new CampaignState("c2", CampaignEvents.SPEC, 0L, LIMITS).view().choice())
        .as("no target, no choice")
        .isNull();
  }
}
