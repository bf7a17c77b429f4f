package dev.netshrink.workers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.netshrink.protocol.worker.WorkerRole;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkerSettingsTest {

  @Test
  void theDefaultsComeFromTheWorkersAndProtocolReferenceConf() {
    WorkerSettings settings = WorkerSettings.from(ConfigFactory.load(), "w-1", WorkerRole.STUDENT);

    assertThat(settings.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.evalBatchSize()).isEqualTo(256);
    assertThat(settings.transferTimeouts())
        .isEqualTo(
            new WorkerSettings.TransferTimeouts(Duration.ofMinutes(2), Duration.ofMinutes(1)));
    assertThat(settings.metricsPort()).isZero();
    assertThat(settings.topics().events().name()).isEqualTo("netshrink.events");
  }

  @Test
  void everySettingCanBeOverriddenInConfiguration() {
    WorkerSettings settings =
        WorkerSettings.from(
            ConfigFactory.parseString(
                    """
        netshrink.kafka { bootstrap-servers = "kafka-1:9093", topic-prefix = "lab.",
                          client { security.protocol = SSL } }
        netshrink.worker { heartbeat-interval = 250ms, eval-batch-size = 64,
                           logits-timeout = 30s, checkpoint-timeout = 5s,
                           metrics { host = "10.0.0.7", port = 9400 } }
        """)
                .withFallback(ConfigFactory.load()),
            "w-2",
            WorkerRole.PRUNER);

    assertThat(settings.kafka().bootstrapServers()).isEqualTo("kafka-1:9093");
    assertThat(settings.kafka().producer("p")).containsEntry("security.protocol", "SSL");
    assertThat(settings.topics().workers().name()).isEqualTo("lab.workers");
    assertThat(settings.heartbeatInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(settings.evalBatchSize()).isEqualTo(64);
    assertThat(settings.transferTimeouts())
        .isEqualTo(
            new WorkerSettings.TransferTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(5)));
    assertThat(settings.metricsHost()).isEqualTo("10.0.0.7");
    assertThat(settings.metricsPort()).isEqualTo(9400);
  }
}
