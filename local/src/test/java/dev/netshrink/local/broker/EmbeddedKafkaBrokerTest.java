package dev.netshrink.local.broker;

import static dev.netshrink.local.broker.BrokerTestClients.consume;
import static dev.netshrink.local.broker.BrokerTestClients.liveNonDaemonThreads;
import static dev.netshrink.local.broker.BrokerTestClients.produce;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.orchestrator.topics.TopicProvisioner;
import dev.netshrink.orchestrator.topics.TopicSpec;
import dev.netshrink.orchestrator.topics.TopicSpec.CleanupPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final TopicSpec TOPIC =
      new TopicSpec("trial-events", 1, CleanupPolicy.DELETE, 1 << 20, 1 << 20);

  @TempDir Path dataDir;

  @Test
  void recordSurvivesRestartOnSameDataDir() throws Exception {
    // given a fresh broker with one topic holding one record
    String clusterIdBefore;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir)) {
      clusterIdBefore = createTopicAndReturnClusterId(broker);
      produce(broker.bootstrapServers(), TOPIC.name(), "trial-1", "started");
      assertThat(consume(broker.bootstrapServers(), TOPIC.name(), 1, TIMEOUT))
          .extracting(ConsumerRecord::value)
          .containsExactly("started");
    }

    // when the broker is started again on the same directory
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir)) {
      // then the cluster, the topic and the record are still there
      assertThat(createTopicAndReturnClusterId(broker)).isEqualTo(clusterIdBefore);
      assertThat(consume(broker.bootstrapServers(), TOPIC.name(), 1, TIMEOUT))
          .extracting(ConsumerRecord::key, ConsumerRecord::value)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("trial-1", "started"));
    }
  }

  @Test
  void closeStopsEveryThreadTheBrokerStarted() throws Exception {
    // given the threads alive before the broker
    Set<Thread> before = liveNonDaemonThreads();

    // when a broker starts and closes
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir);
    broker.close();
    broker.close();

    // then no non-daemon thread it started outlives it (which would keep the JVM from exiting)
    Set<Thread> leaked = new HashSet<>(liveNonDaemonThreads());
    leaked.removeAll(before);
    assertThat(leaked).extracting(Thread::getName).isEmpty();
  }

  private static String createTopicAndReturnClusterId(EmbeddedKafkaBroker broker) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      new TopicProvisioner(admin, TIMEOUT).ensure(TOPIC);
      return admin.describeCluster().clusterId().get();
    }
  }
}
