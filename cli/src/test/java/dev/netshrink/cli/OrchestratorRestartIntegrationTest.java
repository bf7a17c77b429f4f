package dev.netshrink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.local.WorkerProcesses;
import dev.netshrink.local.broker.EmbeddedKafkaBroker;
import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.TrialCompleted;
import dev.netshrink.protocol.event.TrialScoped;
import dev.netshrink.protocol.event.TrialStarted;
import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.kafka.RecordPublisher;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignSummary;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.EpochView;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialView;
import dev.netshrink.protocol.worker.WorkerRole;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the orchestrator in the middle of a campaign, then a new one: it rebuilds its state
 * from the topics, re-attaches to the workers still training, and the campaign completes with every
 * trial run exactly once. Records that once stopped the orchestrator for good are on the topics it
 * replays: both orchestrators dead-letter them and go on.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class OrchestratorRestartIntegrationTest {

  private static final String SPEC =
      """
      name: restart
      dataset: {trainLimit: 3000, testLimit: 300}
      teacher: {epochs: 1}
      student: {epochs: 4}
      distillation: {alphas: [0.9], temperatures: [4], baseline: true}
      pruning: {models: []}
      """;

  @TempDir Path tmp;

  @Test
  void aRestartedOrchestratorFinishesTheCampaignWithoutRunningAnyTrialTwiceDespitePoisonRecords()
      throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(tmp.resolve("kafka"));
        WorkerProcesses workers = teacherAndTwoStudents(broker)) {
      int port = freePort();
      Process first = startOrchestrator(broker.bootstrapServers(), port, "orchestrator-1");
      ApiClient api = new ApiClient("http://127.0.0.1:" + port);
      awaitWorkers(api, 3, first, "orchestrator-1");
      String id = api.submit(SPEC);
      int poisoned = poison(broker.bootstrapServers(), id);
      awaitStudentsTraining(api, id);

      first.destroyForcibly().waitFor();
      long killedAt = System.currentTimeMillis();
      Process second = startOrchestrator(broker.bootstrapServers(), port, "orchestrator-2");
      try {
        awaitWorkers(api, 3, second, "orchestrator-2");
        long answering = System.currentTimeMillis() - killedAt;
        awaitView(api, id, c -> true);
        int epochsBefore = api.campaign(id).trials().get(1).epochs().size();
        awaitView(api, id, c -> c.finished() || c.trials().get(1).epochs().size() > epochsBefore);
        System.out.printf(
            "orchestrator kill -9 and restart: the new one answered with every worker %d ms after"
                + " the kill, and folded the next epoch of a re-attached student %d ms after it%n",
            answering, System.currentTimeMillis() - killedAt);
        CampaignView done = new CampaignFollower(api, System.out).follow(id);

        assertThat(done.state()).isEqualTo(CampaignStatus.SUCCEEDED);
        assertThat(done.trials()).allSatisfy(t -> assertThat(t.attempt()).isEqualTo(1));
        assertThat(done.trials().subList(1, 3))
            .allSatisfy(
                t ->
                    assertThat(t.epochs())
                        .extracting(EpochView::epoch)
                        .containsExactly(1, 2, 3, 4));
        List<CampaignEvent> events = TopicContents.events(broker.bootstrapServers());
        assertThat(countBy(events, TrialStarted.class))
            .containsOnlyKeys(trialIds(done))
            .allSatisfy((trial, count) -> assertThat(count).as(trial).isEqualTo(1));
        assertThat(countBy(events, TrialCompleted.class))
            .containsOnlyKeys(trialIds(done))
            .allSatisfy((trial, count) -> assertThat(count).as(trial).isEqualTo(1));
        assertThat(done.reportDir()).isNotNull();
        // the restarted one replayed every poison record on events and campaigns, and says so
        String metrics = Promtool.scrape("http://127.0.0.1:" + port + "/metrics");
        assertThat(metrics)
            .contains(
                "netshrink_kafka_dead_letters_total{topic=\"netshrink.events\"} " + poisoned + ".0")
            .contains("netshrink_kafka_dead_letters_total{topic=\"netshrink.campaigns\"} 2.0")
            .contains("netshrink_kafka_dead_letters_total{topic=\"netshrink.outcomes\"} 1.0")
            .contains("netshrink_kafka_dead_letters_total{topic=\"netshrink.trial-outcomes\"} 1.0");
        assertThat(api.campaigns()).extracting(CampaignSummary::campaignId).containsExactly(id);
        assertThat(Promtool.scrape("http://127.0.0.1:" + port + "/api/prometheus-sd"))
            .contains("local-student-1");
      } finally {
        second.destroy();
        second.waitFor(20, TimeUnit.SECONDS);
      }

      // the events topic's retention drops the finished campaign's records; a restart must not
      // run it again from its submission, which the compacted campaigns topic keeps for ever
      long dropped =
          truncate(broker.bootstrapServers(), Topics.withDefaultPrefix().events().name());
      Process third = startOrchestrator(broker.bootstrapServers(), port, "orchestrator-3");
      try {
        awaitWorkers(api, 3, third, "orchestrator-3");
        CampaignView after = api.campaign(id);
        assertThat(after.state()).isEqualTo(CampaignStatus.SUCCEEDED);
        assertThat(after.reportDir()).isNotNull();
        Thread.sleep(3_000); // time enough to queue a teacher if it were going to
        assertThat(TopicContents.events(broker.bootstrapServers()))
            .as("nothing ran again after %d events expired", dropped)
            .isEmpty();
        assertThat(api.workers()).allSatisfy(w -> assertThat(w.runningJobId()).isNull());
      } finally {
        third.destroy();
        third.waitFor(20, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aCampaignWhoseEventsExpireWhileItRunsKeepsTheTrialsItFinished() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(tmp.resolve("kafka"));
        WorkerProcesses workers = teacherAndTwoStudents(broker)) {
      int port = freePort();
      Process first = startOrchestrator(broker.bootstrapServers(), port, "orchestrator-1");
      ApiClient api = new ApiClient("http://127.0.0.1:" + port);
      awaitWorkers(api, 3, first, "orchestrator-1");
      String id = api.submit(SPEC);
      awaitStudentsTraining(api, id);
      TrialView teacher = api.campaign(id).trials().get(0);

      // the orchestrator dies, and retention drops every event so far (the teacher's included)
      first.destroyForcibly().waitFor();
      long dropped =
          truncate(broker.bootstrapServers(), Topics.withDefaultPrefix().events().name());
      long killedAt = System.currentTimeMillis();
      Process second = startOrchestrator(broker.bootstrapServers(), port, "orchestrator-2");
      try {
        awaitWorkers(api, 3, second, "orchestrator-2");
        awaitView(api, id, c -> c.trials().get(0).state() == TrialStatus.SUCCEEDED);
        System.out.printf(
            "events expired mid-campaign, orchestrator restarted: the finished teacher was read"
                + " back %d ms after the kill%n",
            System.currentTimeMillis() - killedAt);
        CampaignView done = new CampaignFollower(api, System.out).follow(id);

        assertThat(done.state()).isEqualTo(CampaignStatus.SUCCEEDED);
        TrialView after = done.trials().get(0);
        assertThat(after.accuracy())
            .as("the teacher's result, read back")
            .isEqualTo(teacher.accuracy());
        assertThat(after.epochs()).isEqualTo(teacher.epochs());
        List<CampaignEvent> events = TopicContents.events(broker.bootstrapServers());
        assertThat(events)
            .as("after %d events expired, the finished teacher did not run again", dropped)
            .filteredOn(e -> e instanceof TrialScoped t && t.trialId().equals(teacher.trialId()))
            .isEmpty();
        assertThat(countBy(events, TrialCompleted.class))
            .as("each student finished once")
            .containsOnlyKeys(trialIds(done).subList(1, 3))
            .allSatisfy((trial, count) -> assertThat(count).as(trial).isEqualTo(1));
        assertThat(done.reportDir()).isNotNull();
        // the campaign has its outcome: each trial's is deleted (a tombstone, then compaction)
        var kept = TopicContents.keys(broker.bootstrapServers(), "netshrink.trial-outcomes");
        assertThat(kept).filteredOn(Map.Entry::getValue).isNotEmpty();
        assertThat(kept)
            .filteredOn(Map.Entry::getValue)
            .allSatisfy(
                k ->
                    assertThat(kept.subList(kept.indexOf(k), kept.size()))
                        .as("%s deleted after it was kept", k.getKey())
                        .contains(Map.entry(k.getKey(), false)));
      } finally {
        second.destroy();
        second.waitFor(20, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Writes what the probe found stops an orchestrator for good: a JSON null and an empty object on
   * the events and campaigns topics, a tombstone on events, a result of the running campaign's
   * teacher without its job id, on the workers topic a null and a heartbeat whose metrics URL is
   * not one, a null outcome, and a trial outcome holding another trial's event. Returns how many
   * went to the events topic.
   */
  private static int poison(String bootstrap, String campaignId) {
    Topics topics = Topics.withDefaultPrefix();
    String forged =
        ("{\"type\":\"TrialCompleted\",\"eventId\":\"forged-1\",\"campaignId\":\"%s\","
                + "\"trialId\":\"%s/teacher\",\"workerId\":\"forger\",\"atMillis\":1,"
                + "\"accuracy\":0.999,\"parameters\":1,\"seconds\":1}")
            .formatted(campaignId, campaignId);
    try (RecordPublisher publisher = new RecordPublisher(KafkaSettings.of(bootstrap), "poison")) {
      for (String value : List.of("null", "{}", forged)) {
        publisher.publishRaw(topics.events().name(), bytes(campaignId), bytes(value)).join();
      }
      publisher.publishRaw(topics.events().name(), bytes(campaignId), null).join();
      for (String value : List.of("null", "{}")) {
        publisher.publishRaw(topics.campaigns().name(), bytes("ghost"), bytes(value)).join();
      }
      publisher.publishRaw(topics.workers().name(), bytes("ghost"), bytes("null")).join();
      String heartbeat =
          "{\"workerId\":\"ghost\",\"role\":\"student\",\"metricsUrl\":\"not a url\","
              + "\"sentAtMillis\":1,\"leaving\":false}";
      publisher.publishRaw(topics.workers().name(), bytes("ghost"), bytes(heartbeat)).join();
      // and on the two topics read before everything else
      publisher.publishRaw(topics.outcomes().name(), bytes("ghost"), bytes("null")).join();
      String otherTrials =
          ("{\"campaignId\":\"%s\",\"trialId\":\"%s/teacher\",\"atMillis\":1,\"events\":[{"
                  + "\"type\":\"TrialStarted\",\"eventId\":\"e1\",\"campaignId\":\"%s\","
                  + "\"trialId\":\"%s/ce-baseline\",\"jobId\":\"%s/ce-baseline#1\","
                  + "\"workerId\":\"w\",\"atMillis\":1,\"attempt\":1}]}")
              .formatted(campaignId, campaignId, campaignId, campaignId, campaignId);
      publisher
          .publishRaw(
              topics.trialOutcomes().name(), bytes(campaignId + "/teacher"), bytes(otherTrials))
          .join();
    }
    return 4;
  }

  /** Deletes every record of {@code topic} so far, as its retention would; returns how many. */
  private static long truncate(String bootstrap, String topic) throws Exception {
    try (Admin admin = Admin.create(KafkaSettings.of(bootstrap).admin())) {
      Map<TopicPartition, OffsetSpec> latest =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get()
              .get(topic)
              .partitions()
              .stream()
              .collect(
                  Collectors.toMap(
                      p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
      Map<TopicPartition, RecordsToDelete> all = new java.util.HashMap<>();
      long records = 0;
      for (var e : admin.listOffsets(latest).all().get().entrySet()) {
        all.put(e.getKey(), RecordsToDelete.beforeOffset(e.getValue().offset()));
        records += e.getValue().offset();
      }
      admin.deleteRecords(all).all().get();
      return records;
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private Process startOrchestrator(String bootstrap, int port, String name) throws Exception {
    // the broker through NETSHRINK_BOOTSTRAP, not --bootstrap: the README's promise for the command
    return WorkerProcesses.launch(
        tmp.resolve(name + ".log"),
        List.of("-Xmx512m", "-Dnetshrink.orchestrator.heartbeat-timeout=3s"),
        Map.of("NETSHRINK_BOOTSTRAP", bootstrap),
        Netshrink.class,
        List.of(
            "orchestrator",
            "--port",
            String.valueOf(port),
            "--reports",
            tmp.resolve("reports").toString()));
  }

  /**
   * Waits until {@code count} workers have joined the orchestrator {@code process} (its log in
   * {@code log}); when they do not, says what it saw: the last answer or error, whether the process
   * still runs, and the end of its log and of the workers' logs (the temp folder goes with the
   * test).
   */
  private void awaitWorkers(ApiClient api, int count, Process process, String name)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    String last = "no answer yet";
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        int joined = api.workers().size();
        if (joined >= count) {
          return;
        }
        last = joined + " workers";
      } catch (java.io.IOException notUpYet) {
        last = String.valueOf(notUpYet); // the orchestrator is still starting
      }
      Thread.sleep(200);
    }
    StringBuilder why = new StringBuilder();
    why.append("fewer than ")
        .append(count)
        .append(" workers joined ")
        .append(name)
        .append(" (last: ")
        .append(last)
        .append(process.isAlive() ? "; still running" : "; exited " + process.exitValue())
        .append(')');
    try (var logs = Files.list(tmp.resolve("logs"))) {
      for (Path log :
          java.util.stream.Stream.concat(
                  java.util.stream.Stream.of(tmp.resolve(name + ".log")), logs.sorted())
              .toList()) {
        if (Files.exists(log)) {
          List<String> lines = Files.readAllLines(log);
          why.append("\n--- ").append(log.getFileName()).append(" (last 30 lines) ---\n");
          lines
              .subList(Math.max(0, lines.size() - 30), lines.size())
              .forEach(l -> why.append(l).append('\n'));
        }
      }
    }
    throw new AssertionError(why.toString());
  }

  private WorkerProcesses teacherAndTwoStudents(EmbeddedKafkaBroker broker) throws Exception {
    return WorkerProcesses.start(
        List.of(
            new WorkerProcesses.Spec(WorkerRole.TEACHER, 1, 1),
            new WorkerProcesses.Spec(WorkerRole.STUDENT, 1, 1),
            new WorkerProcesses.Spec(WorkerRole.STUDENT, 2, 1)),
        broker.bootstrapServers(),
        tmp.resolve("logs"));
  }

  /** Waits until the orchestrator knows campaign {@code id} and its view passes {@code test}. */
  private static void awaitView(
      ApiClient api, String id, java.util.function.Predicate<CampaignView> test) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (api.findCampaign(id).filter(test).isEmpty()) {
      assertThat(System.nanoTime()).as("campaign %s as awaited", id).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static void awaitStudentsTraining(ApiClient api, String id) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline) {
      var campaign = api.findCampaign(id);
      if (campaign.isPresent()
          && campaign.get().trials().subList(1, 3).stream()
              .allMatch(t -> t.state() == TrialStatus.RUNNING && !t.epochs().isEmpty())) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the students never got through their first epoch");
  }

  private static List<String> trialIds(CampaignView c) {
    return c.trials().stream().map(TrialView::trialId).toList();
  }

  private static <E extends dev.netshrink.protocol.event.TrialEvent> Map<String, Long> countBy(
      List<CampaignEvent> events, Class<E> type) {
    return events.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .collect(Collectors.groupingBy(E::trialId, Collectors.counting()));
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
