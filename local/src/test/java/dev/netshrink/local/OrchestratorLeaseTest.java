package dev.netshrink.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.local.broker.EmbeddedKafkaBroker;
import dev.netshrink.orchestrator.Orchestrator;
import dev.netshrink.orchestrator.lease.OrchestratorLease;
import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The orchestrator lease on a real broker: one holder at a time, a standby that gets it when the
 * holder leaves, and a holder that gives it up by itself when Kafka stops answering (before the
 * coordinator could have handed it to anyone).
 */
class OrchestratorLeaseTest {

  private static final Duration SESSION = Duration.ofSeconds(6);

  @TempDir Path tmp;

  @Test
  void oneHoldsTheLeaseAndTheStandbyGetsItWhenTheHolderLeaves() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(tmp.resolve("kafka"))) {
      KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers());
      Topics topics = Topics.withDefaultPrefix();
      Orchestrator.provisionTopics(kafka, topics);
      CompletableFuture<String> firstLost = new CompletableFuture<>();
      OrchestratorLease first =
          new OrchestratorLease(kafka, topics, "a", SESSION, firstLost::complete);
      assertThat(first.awaitAcquired(Duration.ofSeconds(30))).isTrue();
      try (OrchestratorLease second =
          new OrchestratorLease(kafka, topics, "b", SESSION, reason -> {})) {
        assertThat(second.awaitAcquired(Duration.ofSeconds(5)))
            .as("a standby while the first holds it")
            .isFalse();
        assertThat(first.held()).as("a standby joining takes nothing away").isTrue();

        long closing = System.nanoTime();
        first.close();
        assertThat(second.awaitAcquired(Duration.ofSeconds(30))).isTrue();
        System.out.printf(
            "lease: the standby held it %d ms after the holder left%n",
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing));
        assertThat(firstLost).as("leaving is not losing").isNotDone();
      }
    }
  }

  @Test
  void aHolderThatKafkaNoLongerAnswersGivesTheLeaseUpWithinSixTenthsOfTheSession()
      throws Exception {
    CompletableFuture<String> lost = new CompletableFuture<>();
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(tmp.resolve("kafka"));
    KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers());
    Topics topics = Topics.withDefaultPrefix();
    Orchestrator.provisionTopics(kafka, topics);
    try (OrchestratorLease lease =
        new OrchestratorLease(kafka, topics, "a", SESSION, lost::complete)) {
      assertThat(lease.awaitAcquired(Duration.ofSeconds(30))).isTrue();
      long stopped = System.nanoTime();
      broker.close(); // the only broker, and so the group coordinator, is gone

      String reason = lost.get(30, TimeUnit.SECONDS);
      long after = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
      System.out.printf("lease: given up %d ms after Kafka went away (%s)%n", after, reason);
      assertThat(reason).contains("no answer from the group coordinator");
      assertThat(after).as("before the session timeout").isLessThan(SESSION.toMillis());
      assertThat(lease.held()).isFalse();
    }
  }
}
