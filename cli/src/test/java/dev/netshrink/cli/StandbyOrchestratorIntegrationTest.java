package dev.netshrink.cli;

import static dev.netshrink.cli.ClusterAwaits.awaitTrainingStudent;
import static dev.netshrink.cli.ClusterAwaits.awaitView;
import static dev.netshrink.cli.ClusterAwaits.awaitWorkers;
import static dev.netshrink.cli.HostFaultsIntegrationTest.assertEveryResultOnce;
import static dev.netshrink.cli.HostFaultsIntegrationTest.trialOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.TrialStarted;
import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.EpochView;
import dev.netshrink.protocol.view.TrialView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two orchestrators with the same settings on two hosts: the second waits as a standby (its API is
 * not even bound) while the first holds the lease. The first one's host dies mid-campaign (its link
 * down, every process on it SIGKILLed), or is only cut off; the standby gets the lease when the
 * first one's session times out, rebuilds the campaign from the log, and finishes it with no trial
 * run twice.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StandbyOrchestratorIntegrationTest {

  /** A campaign with a pruning sweep, so the pruner takes jobs from the standby too. */
  private static final String SPEC =
      HostFaultsIntegrationTest.SPEC_WITH_PRUNING.replace("name: hosts", "name: standby");

  @TempDir Path tmp;

  @BeforeEach
  void needsNamespaces() {
    ClusterAwaits.requireNamespaces();
  }

  /**
   * {@code killed}: the host dies (link down, every process SIGKILLed); otherwise it is only cut
   * off, and the orchestrator on it, still running, must give the lease up and exit by itself
   * before the standby holds it.
   */
  @ParameterizedTest(name = "host killed: {0}")
  @ValueSource(booleans = {true, false})
  void whenTheOrchestratorsHostGoesTheStandbyTakesOverAndNoTrialRunsTwice(boolean killed)
      throws Exception {
    try (NamespaceSite site = NamespaceSite.start(tmp, 2)) {
      Process first = site.orchestrator("orchestrator-1");
      ApiClient active = site.api("orchestrator-1");
      awaitWorkers(active, 4);
      site.startOrchestrator("orchestrator-2");
      awaitLine(site.log("orchestrator-2"), "standby: another orchestrator holds the lease");
      ApiClient standby = site.api("orchestrator-2");
      assertThatThrownBy(standby::workers)
          .as("a standby serves nothing")
          .isInstanceOf(java.io.IOException.class);
      String id = active.submit(SPEC);
      TrialView running = awaitTrainingStudent(active, id);
      int epochsBefore = running.epochs().size();

      if (killed) {
        site.hosts().kill("orchestrator-1");
      } else {
        site.hosts().cut("orchestrator-1");
      }
      long killedAt = System.currentTimeMillis();
      awaitWorkers(standby, 4);
      long answeringAt = System.currentTimeMillis();
      String gaveUp = "";
      if (!killed) {
        // it could not hear that it lost the lease: it gave it up when Kafka stopped answering
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as("exit code of the cut-off orchestrator").isEqualTo(3);
        LocalTime exited = lastLineTime(site.log("orchestrator-1"), "lost the orchestrator lease");
        LocalTime acquired =
            lastLineTime(site.log("orchestrator-2"), "holding the orchestrator lease");
        assertThat(exited).as("gave it up before the standby held it").isBefore(acquired);
        gaveUp =
            String.format(
                "; the cut-off one gave the lease up %d ms before the standby held it",
                Duration.between(exited, acquired).toMillis());
      }
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
          "orchestrator host %s: the standby answered with every worker %d ms after (lease"
              + " session 10 s), folded the next epoch of %s %d ms after%s; no trial ran twice%n",
          killed ? "killed" : "cut off",
          answeringAt - killedAt,
          running.name(),
          foldedAt - killedAt,
          gaveUp);
    }
  }

  /**
   * The time of day of the last logged line of {@code log} (its file appender's) with {@code text}.
   */
  private static LocalTime lastLineTime(Path log, String text) throws Exception {
    List<String> lines =
        Files.readAllLines(log).stream()
            .filter(l -> l.contains(text) && l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*"))
            .toList();
    assertThat(lines).as("'%s' in %s", text, log).isNotEmpty();
    return LocalTime.parse(lines.get(lines.size() - 1).substring(0, 12));
  }

  private static void awaitLine(Path log, String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (!Files.exists(log) || !Files.readString(log).contains(text)) {
      assertThat(System.nanoTime()).as("'%s' in %s", text, log).isLessThan(deadline);
      Thread.sleep(200);
    }
  }
}
