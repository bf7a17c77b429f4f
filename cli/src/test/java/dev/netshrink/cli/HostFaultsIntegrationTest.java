package dev.netshrink.cli;

import static dev.netshrink.cli.ClusterAwaits.awaitFree;
import static dev.netshrink.cli.ClusterAwaits.awaitTrainingStudent;
import static dev.netshrink.cli.ClusterAwaits.awaitView;
import static dev.netshrink.cli.ClusterAwaits.awaitWorkers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.EpochCompleted;
import dev.netshrink.protocol.event.TrialCompleted;
import dev.netshrink.protocol.event.TrialStarted;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.view.AddOrder;
import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.EpochView;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialView;
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
 * Faults of hosts and links, with every process on a host of its own ({@link NamespaceSite}): a
 * worker host cut off past the heartbeat timeout and healed, a flapping link, and kill -9 of the
 * Kafka node that leads the events and assignments partitions. Each campaign must succeed with
 * every trial's result on the log exactly once. Each test prints what it measured.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class HostFaultsIntegrationTest {

  private static final String SPEC =
      """
      name: hosts
      dataset: {trainLimit: 2000, testLimit: 300}
      teacher: {epochs: 1}
      student: {epochs: 4, fuse: off}
      distillation: {alphas: [0.9], temperatures: [4], baseline: true}
      pruning: {models: []}
      """;

  /**
   * The same, and then a pruning sweep of the best student: jobs for the pruner after the fault.
   */
  static final String SPEC_WITH_PRUNING =
      SPEC.replace(
          "pruning: {models: []}",
          "pruning: {ratios: {from: 0.0, to: 0.5, step: 0.5}, models: [student]}");

  @TempDir Path tmp;

  @BeforeEach
  void needsNamespaces() {
    ClusterAwaits.requireNamespaces();
  }

  @Test
  void aWorkerHostCutOffPastTheHeartbeatTimeoutLosesItsJobToAnotherAndTakesNewWorkWhenHealed()
      throws Exception {
    try (NamespaceSite site = NamespaceSite.start(tmp, 3)) {
      ApiClient api = site.api("orchestrator-1");
      awaitWorkers(api, 5);
      String id = api.submit(SPEC);
      TrialView running = awaitTrainingStudent(api, id);
      String cutWorker = running.workerId();
      String host = site.hostOf(cutWorker);
      int lastEpochBeforeCut = running.epochs().size();

      site.hosts().cut(host);
      long cutAt = System.currentTimeMillis();
      String trial = running.trialId();
      awaitView(
          api,
          id,
          c ->
              trialOf(c, trial).attempt() == 2
                  && trialOf(c, trial).state() == TrialStatus.RUNNING
                  && !cutWorker.equals(trialOf(c, trial).workerId()));
      long retriedAt = System.currentTimeMillis();
      Thread.sleep(Math.max(0, cutAt + 8_000 - retriedAt)); // the stale attempt trains on, alone
      site.hosts().heal(host);
      long healedAt = System.currentTimeMillis();
      awaitFree(api, cutWorker);
      long freeAt = System.currentTimeMillis();
      // as many new trials as student workers, one per job: each free worker takes one
      List<String> added = api.add(id, new AddOrder(List.of(0.3, 0.5, 0.7), List.of(), null));
      CampaignView done = new CampaignFollower(api, System.out).follow(id);

      assertThat(done.state()).isEqualTo(CampaignStatus.SUCCEEDED);
      TrialView retried = trialOf(done, trial);
      assertThat(retried.attempt()).isEqualTo(2);
      assertThat(retried.workerId()).isNotEqualTo(cutWorker);
      assertThat(retried.epochs()).extracting(EpochView::epoch).containsExactly(1, 2, 3, 4);
      List<CampaignEvent> events = TopicContents.events(site.bootstrapServers());
      assertEveryResultOnce(done, events);
      assertThat(completed(events, trial))
          .extracting(TrialCompleted::jobId)
          .containsExactly(trial + "#2");
      List<TrialStarted> afterHeal =
          events.stream()
              .filter(TrialStarted.class::isInstance)
              .map(TrialStarted.class::cast)
              .filter(s -> s.workerId().equals(cutWorker) && s.atMillis() > healedAt)
              .toList();
      assertThat(afterHeal).as("%s took new work after it came back", cutWorker).isNotEmpty();
      List<Integer> retriedEpochs = epochsOf(events, trial + "#2");
      long stale = epochsOf(events, trial + "#1").size();
      System.out.printf(
          "worker host %s cut off for %d ms: detected and trial %s running again on %s after %d"
              + " ms (heartbeat timeout 3 s); attempt 2 ran epochs %s (epoch %d was done before"
              + " the cut, so %d epoch(s) redone); %d epoch events of the stale attempt on the log,"
              + " none folded; healed, the stale attempt stopped and the worker free after %d ms;"
              + " it then took %s of the added %s%n",
          host,
          healedAt - cutAt,
          trial,
          retried.workerId(),
          retriedAt - cutAt,
          retriedEpochs,
          lastEpochBeforeCut,
          Math.max(0, lastEpochBeforeCut + 1 - retriedEpochs.get(0)),
          stale,
          freeAt - healedAt,
          afterHeal.stream().map(TrialStarted::trialId).toList(),
          added);
    }
  }

  @Test
  void aFlappingLinkToAWorkerHostSlowsItsTrialButNothingIsRetriedOrLost() throws Exception {
    try (NamespaceSite site = NamespaceSite.start(tmp, 2)) {
      ApiClient api = site.api("orchestrator-1");
      awaitWorkers(api, 4);
      String id = api.submit(SPEC);
      TrialView running = awaitTrainingStudent(api, id);
      String host = site.hostOf(running.workerId());
      int flaps;
      try (LinkFlapper flapper = new LinkFlapper(site.hosts(), host, 1_000, 2_000)) {
        awaitView(api, id, c -> trialOf(c, running.trialId()).state().isFinal());
        flaps = flapper.flaps();
      }
      CampaignView done = new CampaignFollower(api, System.out).follow(id);

      assertThat(done.state()).isEqualTo(CampaignStatus.SUCCEEDED);
      TrialView flapped = trialOf(done, running.trialId());
      assertThat(flapped.attempt()).as("no heartbeat timed out").isEqualTo(1);
      assertThat(flapped.workerId()).isEqualTo(running.workerId());
      assertThat(flapped.epochs()).extracting(EpochView::epoch).containsExactly(1, 2, 3, 4);
      List<CampaignEvent> events = TopicContents.events(site.bootstrapServers());
      assertEveryResultOnce(done, events);
      assertThat(epochsOf(events, flapped.trialId() + "#1")).containsExactly(1, 2, 3, 4);
      assertThat(flaps).as("the link went down and up again, repeatedly").isGreaterThanOrEqualTo(2);
      TrialView other =
          done.trials().stream()
              .skip(1)
              .filter(t -> !t.trialId().equals(flapped.trialId()))
              .findFirst()
              .orElseThrow();
      System.out.printf(
          "flapping link to %s (down 1 s, up 2 s, %d times while %s trained): attempt %d,"
              + " %.1f s of training; %s on a steady link %.1f s%n",
          host,
          flaps,
          flapped.name(),
          flapped.attempt(),
          flapped.seconds(),
          other.name(),
          other.seconds());
    }
  }

  @Test
  void killingTheKafkaNodeThatLeadsTheEventsAndAssignmentsLosesNoResultAndRetriesNothing()
      throws Exception {
    try (NamespaceSite site = NamespaceSite.start(tmp, 2, "10s")) {
      ApiClient api = site.api("orchestrator-1");
      awaitWorkers(api, 4);
      KafkaNodeProcesses kafka = site.kafka();
      Topics topics = Topics.withDefaultPrefix();
      int leader = kafka.leaderOf(topics.events().name(), 0);
      kafka.lead(leader, topics.assignments().name(), 0);
      String id = api.submit(SPEC_WITH_PRUNING);
      TrialView running = awaitTrainingStudent(api, id);
      int epochsBefore = running.epochs().size();

      kafka.kill(leader);
      long killedAt = System.currentTimeMillis();
      int next;
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      while ((next = kafka.leaderOf(topics.events().name(), 0)) == leader) {
        assertThat(System.nanoTime()).as("a new leader of the events").isLessThan(deadline);
        Thread.sleep(100);
      }
      long ledAt = System.currentTimeMillis();
      awaitView(
          api,
          id,
          c -> c.finished() || trialOf(c, running.trialId()).epochs().size() > epochsBefore);
      long foldedAt = System.currentTimeMillis();
      int assignmentsLeader = kafka.leaderOf(topics.assignments().name(), 0);
      Thread.sleep(3_000);
      kafka.start(leader);
      long restartedAt = System.currentTimeMillis();
      CampaignView done = new CampaignFollower(api, System.out).follow(id);

      assertThat(done.state()).isEqualTo(CampaignStatus.SUCCEEDED);
      assertThat(done.trials()).allSatisfy(t -> assertThat(t.attempt()).isEqualTo(1));
      List<CampaignEvent> events = TopicContents.events(site.bootstrapServers());
      assertEveryResultOnce(done, events);
      assertThat(done.trials()).anyMatch(t -> t.kind().equals("prune"));
      for (TrialView t : done.trials().stream().filter(t -> t.kind().equals("student")).toList()) {
        assertThat(epochsOf(events, t.trialId() + "#1")).as(t.name()).containsExactly(1, 2, 3, 4);
      }
      System.out.printf(
          "kill -9 of kafka-%d (leader of events-0 and assignments-0; heartbeat timeout 10 s,"
              + " the default): node %d led events-0 after"
              + " %d ms and node %d assignments-0; the next epoch of %s was folded %d ms after the"
              + " kill; the node was back %d ms after it; no attempt retried%n",
          leader,
          next,
          ledAt - killedAt,
          assignmentsLeader,
          running.name(),
          foldedAt - killedAt,
          restartedAt - killedAt);
    }
  }

  static void assertEveryResultOnce(CampaignView done, List<CampaignEvent> events) {
    Map<String, Long> results =
        events.stream()
            .filter(TrialCompleted.class::isInstance)
            .map(TrialCompleted.class::cast)
            .collect(Collectors.groupingBy(TrialCompleted::trialId, Collectors.counting()));
    assertThat(results)
        .containsOnlyKeys(done.trials().stream().map(TrialView::trialId).toList())
        .allSatisfy((trial, count) -> assertThat(count).as(trial).isEqualTo(1));
  }

  private static List<TrialCompleted> completed(List<CampaignEvent> events, String trial) {
    return events.stream()
        .filter(TrialCompleted.class::isInstance)
        .map(TrialCompleted.class::cast)
        .filter(e -> e.trialId().equals(trial))
        .toList();
  }

  static List<Integer> epochsOf(List<CampaignEvent> events, String jobId) {
    return events.stream()
        .filter(EpochCompleted.class::isInstance)
        .map(EpochCompleted.class::cast)
        .filter(e -> e.jobId().equals(jobId))
        .map(EpochCompleted::epoch)
        .toList();
  }

  static TrialView trialOf(CampaignView c, String trialId) {
    return c.trials().stream().filter(t -> t.trialId().equals(trialId)).findFirst().orElseThrow();
  }
}
