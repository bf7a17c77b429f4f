package dev.netshrink.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.netshrink.local.EmbeddedSystem;
import dev.netshrink.local.broker.BrokerCredentials;
import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.kafka.RecordPublisher;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialView;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * `up --secure` end to end on the embedded broker: a campaign completes with the orchestrator and
 * the workers on their own SCRAM users, a client without credentials (or with a wrong password) is
 * refused, a worker may not write assignments, and a result forged in another worker's name is
 * ignored.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SecureSystemIntegrationTest {

  private static final String SPEC =
      """
      name: secure
      dataset: {trainLimit: 1500, testLimit: 300}
      teacher: {epochs: 2, batchSize: 64}
      student: {epochs: 1, batchSize: 64}
      distillation: {alphas: [0.9], temperatures: [4], baseline: false}
      pruning: {models: []}
      """;

  @TempDir Path tmp;

  @Test
  void onlyCredentialedClientsGetInAndEachRoleWritesOnlyItsOwnTopics() throws Exception {
    Topics topics = Topics.withDefaultPrefix();
    try (EmbeddedSystem system =
        EmbeddedSystem.startSecure(
            ConfigFactory.load(),
            tmp.resolve("kafka"),
            0,
            0,
            tmp.resolve("reports"),
            new EmbeddedSystem.WorkerCounts(1, 1, 0),
            tmp.resolve("logs"))) {
      BrokerCredentials users = system.credentials().orElseThrow();
      String bootstrap = system.bootstrapServers();
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(users.clientProperties(BrokerCredentials.WORKER))))
          .isEqualTo("rw-------");

      // no credentials, or a wrong password: nothing gets through
      assertThatThrownBy(() -> listTopics(Map.of(), bootstrap))
          .isInstanceOf(ExecutionException.class);
      Map<String, Object> wrong = clientOf(users, BrokerCredentials.WORKER);
      wrong.put(
          "sasl.jaas.config",
          "org.apache.kafka.common.security.scram.ScramLoginModule required"
              + " username=\"worker\" password=\"guessed\";");
      assertThatThrownBy(() -> listTopics(wrong, bootstrap))
          .hasCauseInstanceOf(SaslAuthenticationException.class);

      // a worker may not hand out jobs
      KafkaSettings worker =
          new KafkaSettings(bootstrap, clientOf(users, BrokerCredentials.WORKER));
      try (RecordPublisher publisher = new RecordPublisher(worker, "rogue-worker")) {
        assertThatThrownBy(
                () ->
                    publisher
                        .publishRaw(
                            topics.assignments().name(), bytes("local-student-1"), bytes("{}"))
                        .get(30, TimeUnit.SECONDS))
            .hasCauseInstanceOf(TopicAuthorizationException.class);
      }

      ApiClient api = new ApiClient(system.apiUrl());
      api.awaitWorkers(null, 2, Duration.ofMinutes(2));
      String id = api.submit(SPEC);
      awaitRunning(api, id, "teacher");
      // a process with worker credentials claims the teacher's result in another worker's name
      String forged =
          ("{\"type\":\"TrialCompleted\",\"eventId\":\"forged-1\",\"campaignId\":\"%s\","
                  + "\"trialId\":\"%s/teacher\",\"jobId\":\"%s/teacher#1\",\"workerId\":\"forger\","
                  + "\"atMillis\":1,\"accuracy\":0.999,\"parameters\":1,\"seconds\":1}")
              .formatted(id, id, id);
      try (RecordPublisher publisher = new RecordPublisher(worker, "forger")) {
        publisher
            .publishRaw(topics.events().name(), bytes(id), bytes(forged))
            .get(30, TimeUnit.SECONDS);
      }

      CampaignView done = new CampaignFollower(api, System.out).follow(id);

      assertThat(done.state()).isEqualTo(CampaignStatus.SUCCEEDED);
      TrialView teacher = done.trials().get(0);
      assertThat(teacher.workerId()).isEqualTo("local-teacher-1");
      assertThat(teacher.accuracy()).as("the real result, not the forged one").isNotEqualTo(0.999);
      assertThat(teacher.epochs()).hasSize(2);
    }
  }

  private static void awaitRunning(ApiClient api, String id, String trial) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (api.findCampaign(id)
        .flatMap(c -> c.trials().stream().filter(t -> t.name().equals(trial)).findFirst())
        .filter(t -> t.state() == TrialStatus.RUNNING)
        .isEmpty()) {
      assertThat(System.nanoTime()).as("%s started", trial).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static void listTopics(Map<String, Object> client, String bootstrap) throws Exception {
    Map<String, Object> props = new HashMap<>(client);
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000);
    try (Admin admin = Admin.create(props)) {
      admin.listTopics().names().get(20, TimeUnit.SECONDS);
    }
  }

  private static Map<String, Object> clientOf(BrokerCredentials users, String user) {
    Map<String, Object> client = new HashMap<>();
    users.client(user).forEach((k, v) -> client.put((String) k, v));
    return client;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
