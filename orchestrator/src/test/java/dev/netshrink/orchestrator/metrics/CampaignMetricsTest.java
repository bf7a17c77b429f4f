package dev.netshrink.orchestrator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netshrink.protocol.event.EpochCompleted;
import dev.netshrink.protocol.event.TrialRef;
import dev.netshrink.protocol.metrics.MetricNames;
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
    return new EpochCompleted(
        "e-" + campaign,
        new TrialRef(campaign, campaign + "/kd", campaign + "/kd#1", "w"),
        1L,
        1,
        3,
        0.5,
        0.4,
        0.9,
        0.8,
        1000);
  }
}
