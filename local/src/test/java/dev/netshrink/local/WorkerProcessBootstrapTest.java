package dev.netshrink.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.local.broker.BrokerTestClients;
import dev.netshrink.local.broker.EmbeddedKafkaBroker;
import dev.netshrink.orchestrator.Orchestrator;
import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.wire.Json;
import dev.netshrink.protocol.worker.Heartbeat;
import dev.netshrink.workers.runtime.WorkerMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker process started the way the README says for other machines: no --bootstrap, only {@code
 * NETSHRINK_BOOTSTRAP} in its environment. Its heartbeats must reach that broker, which does not
 * listen on the default 127.0.0.1:9092.
 */
class WorkerProcessBootstrapTest {

  @TempDir Path tmp;

  @Test
  void aWorkerWithoutBootstrapOptionJoinsTheBrokerNamedByNetshrinkBootstrap() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(tmp.resolve("kafka"))) {
      Topics topics = Topics.withDefaultPrefix();
      Orchestrator.provisionTopics(KafkaSettings.of(broker.bootstrapServers()), topics);
      Process worker =
          WorkerProcesses.launch(
              tmp.resolve("worker.log"),
              List.of("-Xmx256m"),
              Map.of("NETSHRINK_BOOTSTRAP", broker.bootstrapServers()),
              WorkerMain.class,
              List.of("--role", "pruner", "--id", "env-worker"));
      try {
        var beats =
            BrokerTestClients.consume(
                broker.bootstrapServers(), topics.workers().name(), 1, Duration.ofSeconds(60));

        String log = Files.readString(tmp.resolve("worker.log"));
        assertThat(beats).as(log).isNotEmpty();
        assertThat(Json.MAPPER.readValue(beats.get(0).value(), Heartbeat.class).workerId())
            .as(log)
            .isEqualTo("env-worker");
        assertThat(broker.bootstrapServers()).isNotEqualTo("127.0.0.1:9092");
      } finally {
        worker.destroy();
        worker.waitFor(20, TimeUnit.SECONDS);
      }
    }
  }
}
