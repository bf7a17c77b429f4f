package dev.netshrink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.netshrink.local.EmbeddedSystem;
import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialView;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweep fans out over two pruners; one is killed (kill -9) in the middle of its slice. That
 * slice runs again on the other pruner, the slices already done are not run again, and the sweep
 * ends with every point once.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class PrunerLossIntegrationTest {

  private static final String SPEC =
      """
      name: lost-pruner
      dataset: {trainLimit: 2000, testLimit: 1000}
      teacher: {epochs: 1}
      student: {epochs: 1}
      distillation: {alphas: [], baseline: true}
      pruning: {methods: [l1-unstructured], models: [student],
                ratios: {from: 0.0, to: 0.95, step: 0.05}, ratiosPerJob: 5}
      """;

  @TempDir Path tmp;

  @Test
  void aKilledPrunerCostsItsSliceNotTheSweep() throws Exception {
    try (EmbeddedSystem system =
        EmbeddedSystem.start(
            ConfigFactory.load(),
            tmp.resolve("kafka"),
            0,
            0,
            tmp.resolve("reports"),
            new EmbeddedSystem.WorkerCounts(1, 1, 2),
            tmp.resolve("logs"))) {
      ApiClient api = new ApiClient(system.apiUrl());
      api.awaitWorkers("pruner", 2, java.time.Duration.ofMinutes(2));
      String id = api.submit(SPEC);

      TrialView victim = awaitASliceHalfWay(api, id);
      system.stopWorker(victim.workerId(), true);
      CampaignView done = new CampaignFollower(api, System.out).follow(id);

      assertThat(done.state()).isEqualTo(CampaignStatus.SUCCEEDED);
      List<TrialView> slices =
          done.trials().stream().filter(t -> t.kind().equals("prune")).toList();
      assertThat(slices)
          .hasSize(4)
          .allSatisfy(t -> assertThat(t.state()).isEqualTo(TrialStatus.SUCCEEDED));
      TrialView retried =
          slices.stream().filter(t -> t.name().equals(victim.name())).findFirst().orElseThrow();
      assertThat(retried.attempt()).isEqualTo(2);
      assertThat(retried.workerId()).isNotEqualTo(victim.workerId());
      assertThat(slices)
          .filteredOn(t -> !t.name().equals(victim.name()))
          .as("the other slices ran once")
          .allSatisfy(t -> assertThat(t.attempt()).isEqualTo(1));
      assertThat(done.pruning())
          .extracting(PrunePoint::ratio)
          .as("every point once")
          .hasSize(20)
          .doesNotHaveDuplicates();
    }
  }

  /** A slice that has measured some of its points, not all. */
  private static TrialView awaitASliceHalfWay(ApiClient api, String id) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
    while (System.nanoTime() < deadline) {
      // the submission reaches the orchestrator's view a moment after it is accepted
      List<TrialView> trials = api.findCampaign(id).map(CampaignView::trials).orElse(List.of());
      for (TrialView t : trials) {
        if (t.kind().equals("prune")
            && t.state() == TrialStatus.RUNNING
            && t.progress() > 0
            && t.progress() < 1) {
          return t;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no pruning slice was seen running half way");
  }
}
