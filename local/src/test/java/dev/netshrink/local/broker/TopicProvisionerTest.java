package dev.netshrink.local.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netshrink.orchestrator.topics.TopicProvisioner;
import dev.netshrink.orchestrator.topics.TopicSpec;
import dev.netshrink.orchestrator.topics.TopicSpec.CleanupPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicProvisionerTest {

  private static final TopicSpec CHECKPOINTS =
      new TopicSpec("checkpoints", 2, CleanupPolicy.COMPACT, 64L << 20, 2 << 20);
  private static final TopicSpec METRICS =
      new TopicSpec("epoch-metrics", 1, CleanupPolicy.DELETE, 8L << 20, 1 << 20);

  @TempDir static Path dataDir;
  static EmbeddedKafkaBroker broker;
  static Admin admin;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.start(dataDir);
    admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  @AfterAll
  static void stopBroker() {
    admin.close();
    broker.close();
  }

  @Test
  void createsMissingTopicsWithTheirSettingsAndLeavesExistingOnesAlone() throws Exception {
    // given a provisioner and a topic that already exists
    TopicProvisioner provisioner = new TopicProvisioner(admin, Duration.ofSeconds(15));
    provisioner.ensure(METRICS);

    // when asked for both topics
    var created = provisioner.ensure(List.of(CHECKPOINTS, METRICS));

    // then only the missing one is created, with the requested partitions and configs
    assertThat(created).containsExactly(CHECKPOINTS.name());
    assertThat(
            admin
                .describeTopics(List.of(CHECKPOINTS.name()))
                .allTopicNames()
                .get()
                .get(CHECKPOINTS.name())
                .partitions())
        .hasSize(2);
    Config config = topicConfig(CHECKPOINTS.name());
    assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
    assertThat(config.get(TopicConfig.RETENTION_BYTES_CONFIG).value())
        .isEqualTo(String.valueOf(64L << 20));
    assertThat(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value())
        .isEqualTo(String.valueOf(2 << 20));

    // and a repeated call is a no-op
    assertThat(provisioner.ensure(CHECKPOINTS, METRICS)).isEmpty();
  }

  @Test
  void rejectsSpecsTheBrokerWouldRefuse() {
    assertThatThrownBy(() -> new TopicSpec("t", 0, CleanupPolicy.DELETE, -1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partitions");
    assertThatThrownBy(() -> new TopicSpec(" ", 1, CleanupPolicy.DELETE, -1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
  }

  private static Config topicConfig(String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return admin.describeConfigs(List.of(resource)).all().get().get(resource);
  }
}
