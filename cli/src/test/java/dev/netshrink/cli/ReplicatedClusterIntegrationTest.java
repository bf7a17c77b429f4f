package dev.netshrink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.netshrink.local.EmbeddedSystem;
import dev.netshrink.local.broker.EmbeddedKafkaCluster;
import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.EpochCompleted;
import dev.netshrink.protocol.event.TrialCompleted;
import dev.netshrink.protocol.topic.TopicDescriptor;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign on a 3-node embedded Kafka cluster (what {@code ./netshrink up --brokers 3} starts):
 * every topic replicated to 3 nodes with 2 in sync, and the node that leads the event log stopped
 * mid-campaign (a controlled shutdown, in this process: not a crash) and started again once a trial
 * has ended on the other two. The campaign ends with every trial's result once.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ReplicatedClusterIntegrationTest {

  private static final String SPEC =
      """
      name: replicated
      dataset: {trainLimit: 1000, testLimit: 200}
      teacher: {epochs: 1, batchSize: 64}
      student: {epochs: 3, batchSize: 64}
      distillation: {alphas: [0.9], temperatures: [4], baseline: true}
      pruning: {ratios: {from: 0.0, to: 0.5, step: 0.5}, models: [student]}
      """;

  @TempDir Path tmp;

  private final Topics topics = Topics.withDefaultPrefix();

  @Test
  void aCampaignEndsWithEveryResultOnceWhenTheEventLogsLeaderStopsAndComesBack() throws Exception {
    try (EmbeddedSystem system =
        EmbeddedSystem.startCluster(
            ConfigFactory.load(),
            tmp.resolve("kafka"),
            3,
            0,
            0,
            tmp.resolve("reports"),
            new EmbeddedSystem.WorkerCounts(1, 1, 1),
            tmp.resolve("logs"))) {
      EmbeddedKafkaCluster cluster = system.cluster().orElseThrow();
      assertEveryTopicIsReplicatedThreeTimesWithTwoInSync(cluster);
      ApiClient api = new ApiClient(system.apiUrl());
      String id = api.submit(SPEC);

      // mid-campaign: the students are training
      awaitView(api, id, v -> epochsOf(v, "kd-a0.9-t4") >= 1, Duration.ofMinutes(3));
      String events = topics.events().name();
      int leader = cluster.leaderOf(events, 0);
      int assignmentsLeader = cluster.leaderOf(topics.assignments().name(), 0);
      long stopped = System.nanoTime();
      long stoppedAtMillis = System.currentTimeMillis();
      cluster.stop(leader);
      int newLeader = cluster.leaderOf(events, 0);
      assertThat(newLeader).isNotEqualTo(leader);
      int before = epochsOf(api.campaign(id), "kd-a0.9-t4");
      // the campaign goes on with a node down: a new epoch reaches the orchestrator
      awaitView(
          api, id, v -> epochsOf(v, "kd-a0.9-t4") > before || v.finished(), Duration.ofMinutes(2));
      double progressedAfter = (System.nanoTime() - stopped) / 1e9;
      // a whole trial ends on two nodes before the third comes back and catches up
      awaitView(
          api,
          id,
          v -> trial(v, "kd-a0.9-t4").state() == TrialStatus.SUCCEEDED || v.finished(),
          Duration.ofMinutes(3));
      cluster.restart(leader);
      double backAfter = (System.nanoTime() - stopped) / 1e9;

      CampaignView done = new CampaignFollower(api, System.out).follow(id);
      System.out.printf(
          "replicated cluster: stopped node %d (led %s; node %d led assignments-0), %s-0 led by"
              + " node %d at once; next epoch after %.1f s; the student ended on two nodes;"
              + " node %d back after %.1f s%n",
          leader, events, assignmentsLeader, events, newLeader, progressedAfter, leader, backAfter);

      assertThat(done.state()).isEqualTo(CampaignStatus.SUCCEEDED);
      assertThat(done.trials()).extracting(TrialView::state).containsOnly(TrialStatus.SUCCEEDED);
      List<CampaignEvent> log = new ArrayList<>();
      TopicContents.read(system.bootstrapServers(), topics.events(), (k, e) -> log.add(e));
      // every trial's result once, and each student epoch once for the attempt that succeeded
      Map<String, Long> completions =
          log.stream()
              .filter(e -> e instanceof TrialCompleted && id.equals(e.campaignId()))
              .collect(
                  Collectors.groupingBy(
                      e -> ((TrialCompleted) e).trialId(), Collectors.counting()));
      assertThat(completions)
          .hasSize(done.trials().size())
          .allSatisfy((t, n) -> assertThat(n).isOne());
      TrialView student = trial(done, "kd-a0.9-t4");
      System.out.println(
          "replicated cluster: the student's epochs ended at (worker clock) "
              + log.stream()
                  .filter(
                      e -> e instanceof EpochCompleted ep && ep.trialId().equals(student.trialId()))
                  .map(e -> String.format("%.1f s", (e.atMillis() - stoppedAtMillis) / 1000.0))
                  .toList()
              + " from the stop");
      assertThat(student.epochs()).extracting(e -> e.epoch()).containsExactly(1, 2, 3);
      assertThat(
              log.stream()
                  .filter(
                      e -> e instanceof EpochCompleted ep && ep.trialId().equals(student.trialId()))
                  .map(e -> ((EpochCompleted) e).ref().jobId() + "#" + ((EpochCompleted) e).epoch())
                  .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
                  .values())
          .as("no epoch event written twice")
          .containsOnly(1L);
    }
  }

  private void assertEveryTopicIsReplicatedThreeTimesWithTwoInSync(EmbeddedKafkaCluster cluster)
      throws Exception {
    List<String> names = topics.all().stream().map(TopicDescriptor::name).toList();
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
      Map<String, TopicDescription> described =
          admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
      assertThat(described.values())
          .allSatisfy(
              d ->
                  assertThat(d.partitions())
                      .as(d.name())
                      .allSatisfy(p -> assertThat(p.replicas()).hasSize(3)));
      var configs =
          admin
              .describeConfigs(
                  names.stream()
                      .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                      .toList())
              .all()
              .get(30, TimeUnit.SECONDS);
      assertThat(configs.values())
          .allSatisfy(c -> assertThat(c.get("min.insync.replicas").value()).isEqualTo("2"));
    }
  }

  private static int epochsOf(CampaignView view, String trial) {
    return trial(view, trial).epochs().size();
  }

  private static TrialView trial(CampaignView view, String name) {
    return view.trials().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  private static void awaitView(
      ApiClient api,
      String id,
      java.util.function.Predicate<CampaignView> condition,
      Duration patience)
      throws Exception {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      var found = api.findCampaign(id);
      if (found.isPresent() && condition.test(found.get())) {
        return;
      }
      assertThat(System.nanoTime())
          .as("waited " + patience + " for the campaign")
          .isLessThan(deadline);
      Thread.sleep(250);
    }
  }
}
