package dev.netshrink.local.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaClusterTest {

  @TempDir Path dataDir;

  @Test
  void threeNodesReplicateEachTopicThreeTimesAndKeepTheirClusterAcrossARestart() throws Exception {
    String clusterId;
    try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(dataDir, 3, 0)) {
      assertThat(cluster.bootstrapServers().split(",")).hasSize(3);
      try (Admin admin = admin(cluster)) {
        // a topic made without a replication factor takes the cluster's: 3
        admin
            .createTopics(List.of(new NewTopic("t", Optional.of(2), Optional.empty())))
            .all()
            .get(30, TimeUnit.SECONDS);
        assertThat(
                admin
                    .describeTopics(List.of("t"))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get("t")
                    .partitions())
            .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
        clusterId = admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
      }
      int leader = cluster.leaderOf("t", 0);
      cluster.stop(leader);
      assertThat(cluster.leaderOf("t", 0)).isNotEqualTo(leader);
      cluster.restart(leader);
    }
    try (EmbeddedKafkaCluster again = EmbeddedKafkaCluster.start(dataDir, 3, 0);
        Admin admin = admin(again)) {
      assertThat(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
          .isEqualTo(clusterId);
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("t");
    }
  }

  @Test
  void aSingleBrokersFolderOrFewerThanTwoNodesAreRefused() throws Exception {
    Files.writeString(dataDir.resolve("meta.properties"), "cluster.id=x\n");
    assertThatThrownBy(() -> EmbeddedKafkaCluster.start(dataDir, 3, 0))
        .hasMessageContaining("holds a single broker");
    assertThatThrownBy(() -> EmbeddedKafkaCluster.start(dataDir.resolve("new"), 1, 0))
        .hasMessageContaining("at least 2 nodes");
  }

  private static Admin admin(EmbeddedKafkaCluster cluster) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
  }
}
