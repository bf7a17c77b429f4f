package dev.netshrink.cli;

import static dev.netshrink.cli.HostFaultsIntegrationTest.assertEveryResultOnce;
import static dev.netshrink.cli.HostFaultsIntegrationTest.awaitView;
import static dev.netshrink.cli.HostFaultsIntegrationTest.awaitWorkers;
import static dev.netshrink.cli.HostFaultsIntegrationTest.trialOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.TrialStarted;
import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.EpochView;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two orchestrators with the same settings on two hosts: the second waits as a standby (its API is
 * not even bound) while the first holds the lease. The first one's host dies mid-campaign (its link
 * down, every process on it SIGKILLed); the standby gets the lease when the dead one's session
 * times out, rebuilds the campaign from the log, and finishes it with no trial run twice.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StandbyOrchestratorIntegrationTest {

  private static final String SPEC =
      """
      name: standby
      dataset: {trainLimit: 2000, testLimit: 300}
      teacher: {epochs: 1}
      student: {epochs: 4, fuse: off}
      distillation: {alphas: [0.9], temperatures: [4], baseline: true}
      pruning: {ratios: {from: 0.0, to: 0.5, step: 0.5}, models: [student]}
      """;

  @TempDir Path tmp;

  @BeforeEach
  void needsNamespaces() {
    HostFaultsIntegrationTest.requireNamespaces();
  }

  @Test
  void whenTheOrchestratorsHostDiesTheStandbyTakesOverAndNoTrialRunsTwice() throws Exception {
    try (NamespaceSite site = NamespaceSite.start(tmp, 2)) {
      ApiClient active = site.api("orchestrator-1");
      awaitWorkers(active, 4);
      site.startOrchestrator("orchestrator-2");
      awaitLine(site.log("orchestrator-2"), "standby: another orchestrator holds the lease");
      ApiClient standby = site.api("orchestrator-2");
      assertThatThrownBy(standby::workers)
          .as("a standby serves nothing")
          .isInstanceOf(java.io.IOException.class);
      String id = active.submit(SPEC);
      TrialView running =
          awaitView(
                  active,
                  id,
                  c ->
                      c.trials().stream()
                          .skip(1)
                          .anyMatch(t -> t.state() == TrialStatus.RUNNING && !t.epochs().isEmpty()))
              .trials()
              .stream()
              .skip(1)
              .filter(t -> t.state() == TrialStatus.RUNNING && !t.epochs().isEmpty())
              .findFirst()
              .orElseThrow();
      int epochsBefore = running.epochs().size();

      site.hosts().kill("orchestrator-1");
      long killedAt = System.currentTimeMillis();
      awaitWorkers(standby, 4);
      long answeringAt = System.currentTimeMillis();
      awaitView(
          standby,
          id,
          c -> c.finished() || trialOf(c, running.trialId()).epochs().size() > epochsBefore);
      long foldedAt = System.currentTimeMillis();
      CampaignView done = new CampaignFollower(standby, System.out).follow(id);

      assertThat(done.state()).isEqualTo(CampaignStatus.SUCCEEDED);
      assertThat(done.trials()).allSatisfy(t -> assertThat(t.attempt()).isEqualTo(1));
      assertThat(trialOf(done, running.trialId()).epochs())
          .extracting(EpochView::epoch)
          .containsExactly(1, 2, 3, 4);
      List<CampaignEvent> events = TopicContents.events(site.bootstrapServers());
      Map<String, Long> starts =
          events.stream()
              .filter(TrialStarted.class::isInstance)
              .map(TrialStarted.class::cast)
              .collect(Collectors.groupingBy(TrialStarted::trialId, Collectors.counting()));
      assertThat(starts)
          .as("every trial started once: only one orchestrator ever assigned it")
          .containsOnlyKeys(done.trials().stream().map(TrialView::trialId).toList())
          .allSatisfy((trial, count) -> assertThat(count).as(trial).isEqualTo(1));
      assertEveryResultOnce(done, events);
      assertThat(done.trials())
          .as("and the sweep after it")
          .anyMatch(t -> t.kind().equals("prune"));
      assertThat(Files.readString(site.log("orchestrator-2"))).contains("standby: took over");
      System.out.printf(
          "orchestrator host killed: the standby answered with every worker %d ms after (lease"
              + " session 10 s), folded the next epoch of %s %d ms after; no trial ran twice%n",
          answeringAt - killedAt, running.name(), foldedAt - killedAt);
    }
  }

  private static void awaitLine(Path log, String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (!Files.exists(log) || !Files.readString(log).contains(text)) {
      assertThat(System.nanoTime()).as("'%s' in %s", text, log).isLessThan(deadline);
      Thread.sleep(200);
    }
  }
}
