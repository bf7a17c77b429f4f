package dev.netshrink.protocol.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials come from a properties file, and the client block still has the last word. */
class KafkaClientPropertiesTest {

  @TempDir Path tmp;

  @Test
  void theFilesSettingsReachEveryClientUnderTheClientBlock() throws Exception {
    Path file =
        Files.writeString(
            tmp.resolve("worker.properties"),
            "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\nclient.rack=a\n");
    var config =
        ConfigFactory.parseString("netshrink.kafka.client { \"client.rack\" = b }")
            .withValue(
                "netshrink.kafka.client-properties", ConfigValueFactory.fromAnyRef(file.toString()))
            .withFallback(ConfigFactory.load());

    KafkaSettings settings = KafkaSettings.from(config);

    assertThat(settings.producer("p"))
        .containsEntry("security.protocol", "SASL_PLAINTEXT")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("client.rack", "b");
    assertThat(settings.consumer(null, "c")).containsEntry("security.protocol", "SASL_PLAINTEXT");
    assertThat(settings.admin()).containsEntry("sasl.mechanism", "SCRAM-SHA-512");
  }

  @Test
  void aMissingFileIsNamedWithTheSetting() {
    var config =
        ConfigFactory.load()
            .withValue(
                "netshrink.kafka.client-properties",
                ConfigValueFactory.fromAnyRef(tmp.resolve("none").toString()));

    assertThatThrownBy(() -> KafkaSettings.from(config))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("netshrink.kafka.client-properties")
        .hasMessageContaining("cannot read Kafka client properties " + tmp.resolve("none"));
  }
}
