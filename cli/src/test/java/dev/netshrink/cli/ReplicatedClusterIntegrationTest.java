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
 * A campaign on a 3-node KRaft cluster, every topic replicated to 3 nodes with 2 in sync, while the
 * node that leads the event log goes away mid-campaign and comes back once a trial has ended on the
 * other two: stopped in this process (a controlled shutdown, what {@code ./netshrink up --brokers
 * 3} runs), or killed with SIGKILL as its own JVM (a machine dying). The campaign ends with every
 * trial's result once, and no epoch written twice.
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

  /** How a test finds a partition's leader, takes a node away and gives it back. */
  private interface Nodes {
    int leaderOf(String topic) throws Exception;

    void takeAway(int node) throws Exception;

    void giveBack(int node) throws Exception;
  }

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
      assertEveryTopicIsReplicatedThreeTimesWithTwoInSync(cluster.bootstrapServers());
      survives(
          system,
          "controlled shutdown",
          new Nodes() {
            @Override
            public int leaderOf(String topic) {
              return cluster.leaderOf(topic, 0);
            }

            @Override
            public void takeAway(int node) {
              cluster.stop(node);
            }

            @Override
            public void giveBack(int node) {
              cluster.restart(node);
            }
          });
    }
  }

  @Test
  void aCampaignEndsWithEveryResultOnceWhenTheEventLogsLeaderIsKilledAndComesBack()
      throws Exception {
    try (KafkaNodeProcesses kafka = new KafkaNodeProcesses(tmp.resolve("kafka"), 3);
        EmbeddedSystem system =
            EmbeddedSystem.startOn(
                kafka.bootstrapServers(),
                ConfigFactory.load(),
                0,
                tmp.resolve("reports"),
                new EmbeddedSystem.WorkerCounts(1, 1, 1),
                tmp.resolve("logs"))) {
      assertEveryTopicIsReplicatedThreeTimesWithTwoInSync(kafka.bootstrapServers());
      survives(
          system,
          "kill -9",
          new Nodes() {
            @Override
            public int leaderOf(String topic) throws Exception {
              return kafka.leaderOf(topic, 0);
            }

            @Override
            public void takeAway(int node) throws Exception {
              kafka.kill(node);
            }

            @Override
            public void giveBack(int node) throws Exception {
              kafka.start(node);
              kafka.awaitBrokers(3);
            }
          });
    }
  }

  private void survives(EmbeddedSystem system, String fault, Nodes nodes) throws Exception {
    ApiClient api = new ApiClient(system.apiUrl());
    String id = api.submit(SPEC);
    // mid-campaign: the students are training
    awaitView(api, id, v -> epochsOf(v, "kd-a0.9-t4") >= 1, Duration.ofMinutes(3));
    String events = topics.events().name();
    int leader = nodes.leaderOf(events);
    int assignmentsLeader = nodes.leaderOf(topics.assignments().name());
    int before = epochsOf(api.campaign(id), "kd-a0.9-t4");
    long stopped = System.nanoTime();
    long stoppedAtMillis = System.currentTimeMillis();
    nodes.takeAway(leader);
    double tookAway = (System.nanoTime() - stopped) / 1e9;
    int newLeader = leader;
    while (newLeader == leader) { // a killed leader is replaced once the controller fences it
      assertThat(System.nanoTime() - stopped).isLessThan(TimeUnit.MINUTES.toNanos(1));
      Thread.sleep(100);
      newLeader = nodes.leaderOf(events);
    }
    double ledAgain = (System.nanoTime() - stopped) / 1e9;
    // the campaign goes on with a node down: a new epoch reaches the orchestrator
    awaitView(
        api, id, v -> epochsOf(v, "kd-a0.9-t4") > before || v.finished(), Duration.ofMinutes(2));
    double progressed = (System.nanoTime() - stopped) / 1e9;
    // a whole trial ends on two nodes before the third comes back and catches up
    awaitView(
        api,
        id,
        v -> trial(v, "kd-a0.9-t4").state() == TrialStatus.SUCCEEDED || v.finished(),
        Duration.ofMinutes(3));
    nodes.giveBack(leader);
    double back = (System.nanoTime() - stopped) / 1e9;

    CampaignView done = new CampaignFollower(api, System.out).follow(id);
    List<CampaignEvent> log = new ArrayList<>();
    TopicContents.read(system.bootstrapServers(), topics.events(), (k, e) -> log.add(e));
    TrialView student = trial(done, "kd-a0.9-t4");
    System.out.printf(
        "replicated cluster, %s of node %d (led %s-0; node %d led assignments-0): it took %.1f s,"
            + " node %d led %s-0 after %.1f s, the orchestrator had the student's next epoch"
            + " after %.1f s (the worker ended its epochs at %s), node %d back after %.1f s;"
            + " attempts of the student: %d%n",
        fault,
        leader,
        events,
        assignmentsLeader,
        tookAway,
        newLeader,
        events,
        ledAgain,
        progressed,
        log.stream()
            .filter(e -> e instanceof EpochCompleted ep && ep.trialId().equals(student.trialId()))
            .map(e -> String.format("%.1f s", (e.atMillis() - stoppedAtMillis) / 1000.0))
            .toList(),
        leader,
        back,
        student.attempt());

    assertThat(done.state()).isEqualTo(CampaignStatus.SUCCEEDED);
    assertThat(done.trials()).extracting(TrialView::state).containsOnly(TrialStatus.SUCCEEDED);
    // every trial's result once, and each student epoch once for the attempt that wrote it
    Map<String, Long> completions =
        log.stream()
            .filter(e -> e instanceof TrialCompleted && id.equals(e.campaignId()))
            .collect(
                Collectors.groupingBy(e -> ((TrialCompleted) e).trialId(), Collectors.counting()));
    assertThat(completions)
        .hasSize(done.trials().size())
        .allSatisfy((t, n) -> assertThat(n).isOne());
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

  private void assertEveryTopicIsReplicatedThreeTimesWithTwoInSync(String bootstrap)
      throws Exception {
    List<String> names = topics.all().stream().map(TopicDescriptor::name).toList();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
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
