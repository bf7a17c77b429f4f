package dev.netshrink.local.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secured broker keeps its users across restarts, and a Kafka folder is never started in the
 * other mode: open, a secured folder would serve everyone; secured, an open one has no users.
 */
class SecureBrokerTest {

  @TempDir Path tmp;

  @Test
  void aSecuredBrokerRestartsWithTheSameUsersAndIsNeverStartedOpen() throws Exception {
    Path dir = tmp.resolve("secure");
    String password;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startSecure(dir, 0)) {
      password = broker.credentials().orElseThrow().password(BrokerCredentials.WORKER);
    }
    try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.startSecure(dir, 0)) {
      BrokerCredentials users = again.credentials().orElseThrow();
      assertThat(users.password(BrokerCredentials.WORKER)).isEqualTo(password);
      Map<String, Object> props = new HashMap<>();
      users.client(BrokerCredentials.WORKER).forEach((k, v) -> props.put((String) k, v));
      props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, again.bootstrapServers());
      try (Admin worker = Admin.create(props)) {
        assertThat(worker.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
      }
    }

    assertThatThrownBy(() -> EmbeddedKafkaBroker.start(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("holds a secured broker")
        .hasMessageContaining("up --secure");
  }

  @Test
  void anOpenFolderIsNotSecuredAfterTheFact() {
    Path dir = tmp.resolve("open");
    EmbeddedKafkaBroker.start(dir).close();

    assertThatThrownBy(() -> EmbeddedKafkaBroker.startSecure(dir, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("started without --secure");
  }
}
