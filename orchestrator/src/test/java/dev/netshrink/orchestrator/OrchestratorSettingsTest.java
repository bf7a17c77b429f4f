package dev.netshrink.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.netshrink.protocol.kafka.KafkaSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OrchestratorSettingsTest {

  @Test
  void kafkaSecuritySettingsPassThroughToEveryClient() {
    OrchestratorSettings settings =
        OrchestratorSettings.from(
            ConfigFactory.parseString(
                    """
        netshrink.kafka.client {
          security.protocol = SASL_SSL
          sasl.mechanism = PLAIN
          ssl.truststore.location = /etc/kafka/truststore.jks
        }
        netshrink.orchestrator.heartbeat-timeout = 4s
        """)
                .withFallback(ConfigFactory.load()));
    KafkaSettings kafka = settings.kafka();

    for (var props :
        java.util.List.of(kafka.producer("p"), kafka.consumer("g", "c"), kafka.admin())) {
      assertThat(props)
          .containsEntry("security.protocol", "SASL_SSL")
          .containsEntry("sasl.mechanism", "PLAIN")
          .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.jks");
    }
    assertThat(settings.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void theHttpAskTimeoutDefaultsToFiveSecondsAndCanBeSet() {
    OrchestratorSettings defaults = OrchestratorSettings.from(ConfigFactory.load());
    OrchestratorSettings set =
        OrchestratorSettings.from(
            ConfigFactory.parseString("netshrink.orchestrator.http.ask-timeout = 750ms")
                .withFallback(ConfigFactory.load()));

    assertThat(defaults.httpAskTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(set.httpAskTimeout()).isEqualTo(Duration.ofMillis(750));
    assertThat(set.withHttpPort(0).httpAskTimeout()).isEqualTo(Duration.ofMillis(750));
  }
}
