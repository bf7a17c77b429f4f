package dev.netshrink.orchestrator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netshrink.protocol.event.EpochCompleted;
import dev.netshrink.protocol.event.StopCause;
import dev.netshrink.protocol.event.TrialRef;
import dev.netshrink.protocol.metrics.MetricNames;
import dev.netshrink.protocol.view.EpochView;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialStop;
import dev.netshrink.protocol.view.TrialView;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class CampaignMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void finishedCampaignsKeepTheirFinalValuesUntilMoreThanTheKeptNumberHaveEnded() {
    CampaignMetrics metrics = new CampaignMetrics(registry, 2);
    for (String c : List.of("a", "b", "c")) {
      metrics.epochCompleted(c, "kd", epoch(c));
    }

    metrics.finished("a");
    metrics.finished("b");
    assertThat(campaignsWithAccuracy()).containsExactlyInAnyOrder("a", "b", "c");

    metrics.finished("b"); // told again (a replay): still one place
    metrics.finished("c");
    assertThat(campaignsWithAccuracy()).containsExactlyInAnyOrder("b", "c");
  }

  @Test
  void aTrialHasOneSeriesThatFollowsItsStateAndStop() {
    CampaignMetrics metrics = new CampaignMetrics(registry);
    EpochView epoch = new EpochView(1, 0.5, 0.4, 0.9, 0.8, 1000);
    TrialView running =
        new TrialView(
            "c/t",
            "t",
            "student",
            0.5,
            4.0,
            TrialStatus.RUNNING,
            1,
            "w",
            List.of(epoch, epoch),
            0.5,
            null,
            null,
            null,
            null,
            null,
            null);
    TrialView stopped =
        new TrialView(
            "c/t",
            "t",
            "student",
            0.5,
            4.0,
            TrialStatus.STOPPED,
            1,
            "w",
            List.of(epoch, epoch),
            0.5,
            null,
            0.8,
            null,
            null,
            null,
            null,
            null,
            new TrialStop(StopCause.EARLY_STOPPED, 2, "asha"));

    metrics.trials("c", List.of(running));
    metrics.trials("c", List.of(stopped));

    var series = registry.find(MetricNames.TRIAL_EPOCHS).gauges();
    assertThat(series)
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.getId().getTag(MetricNames.TAG_STATE)).isEqualTo("stopped");
              assertThat(g.getId().getTag(MetricNames.TAG_STOP)).isEqualTo("early-stopped");
              assertThat(g.value()).isEqualTo(2.0);
            });
    metrics.forget("c");
    assertThat(registry.find(MetricNames.TRIAL_EPOCHS).gauges()).isEmpty();
  }

  @Test
  void everyEpochKeepsItsOwnSeriesSoACurveNeedsNoScrapeBetweenEpochs() {
    CampaignMetrics metrics = new CampaignMetrics(registry);
    metrics.epochCompleted("c", "kd", epoch("c", 1, 0.9, 0.70));
    metrics.epochCompleted("c", "kd", epoch("c", 2, 0.6, 0.80));
    metrics.epochCompleted("c", "kd", epoch("c", 3, 0.5, 0.85));

    assertThat(
            registry.find(MetricNames.DISTILL_EPOCH_ACCURACY).gauges().stream()
                .map(g -> g.getId().getTag(MetricNames.TAG_EPOCH) + "=" + g.value())
                .sorted()
                .toList())
        .containsExactly("1=0.7", "2=0.8", "3=0.85");
    assertThat(
            registry
                .find(MetricNames.DISTILL_EPOCH_LOSS)
                .tag(MetricNames.TAG_TERM, "total")
                .tag(MetricNames.TAG_EPOCH, "2")
                .gauge()
                .value())
        .isEqualTo(0.6);
    // the last-epoch gauge is still there, at the last epoch's value
    assertThat(registry.find(MetricNames.DISTILL_ACCURACY).gauge().value()).isEqualTo(0.85);
    metrics.forget("c");
    assertThat(registry.find(MetricNames.DISTILL_EPOCH_LOSS).gauges()).isEmpty();
    assertThat(registry.find(MetricNames.DISTILL_EPOCH_ACCURACY).gauges()).isEmpty();
  }

  @Test
  void aTrialsStartAndEndAreTimesAndARetriedTrialKeepsOnlyItsLatestEnd() {
    CampaignMetrics metrics = new CampaignMetrics(registry);
    metrics.trialStarted("c", "kd", "student", 1_000_000L);
    metrics.trialEnded("c", "kd", "student", "failed", 1_060_000L);
    metrics.trialStarted("c", "kd", "student", 1_070_000L);
    metrics.trialEnded("c", "kd", "student", "succeeded", 1_190_500L);

    assertThat(registry.find(MetricNames.TRIAL_START_TIME).gauge().value()).isEqualTo(1070.0);
    assertThat(registry.find(MetricNames.TRIAL_END_TIME).gauges())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.getId().getTag(MetricNames.TAG_OUTCOME)).isEqualTo("succeeded");
              assertThat(g.getId().getTag(MetricNames.TAG_KIND)).isEqualTo("student");
              assertThat(g.value()).isEqualTo(1190.5);
            });
    metrics.forget("c");
    assertThat(registry.find(MetricNames.TRIAL_START_TIME).gauges()).isEmpty();
    assertThat(registry.find(MetricNames.TRIAL_END_TIME).gauges()).isEmpty();
  }

  @Test
  void keepingNoFinishedCampaignIsRefusedWithTheSetting() {
    assertThatThrownBy(() -> new CampaignMetrics(registry, 0))
        .hasMessageContaining("metrics-keep-finished must be >= 1");
  }

  private List<String> campaignsWithAccuracy() {
    return registry.find(MetricNames.DISTILL_ACCURACY).gauges().stream()
        .map(g -> g.getId().getTag(MetricNames.TAG_CAMPAIGN))
        .toList();
  }

  private static EpochCompleted epoch(String campaign) {
    return epoch(campaign, 1, 0.9, 0.8);
  }

  private static EpochCompleted epoch(String campaign, int epoch, double total, double accuracy) {
    return new EpochCompleted(
        "e-" + campaign + "-" + epoch,
        new TrialRef(campaign, campaign + "/kd", campaign + "/kd#1", "w"),
        1L,
        epoch,
        3,
        0.5,
        0.4,
        total,
        accuracy,
        1000);
  }
}
