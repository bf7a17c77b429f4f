package dev.netshrink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.kafka.RecordPublisher;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.wire.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Records no one can decode, written into a live system on three topics: each must end on the
 * dead-letter topic with its origin, counted once by the process that met it, and nothing may stop
 * because of it.
 */
final class PoisonRecords {

  private final KafkaSettings kafka;
  private final Topics topics;

  PoisonRecords(KafkaSettings kafka, Topics topics) {
    this.kafka = kafka;
    this.topics = topics;
  }

  /** On the events topic, before a campaign: the orchestrator replays it at every start. */
  void publishOnTheEventLog() {
    try (RecordPublisher publisher = new RecordPublisher(kafka, "poison-test")) {
      publisher.publishRaw(topics.events().name(), bytes("tiny"), bytes("{not json")).join();
    }
  }

  /** On the topics that are only followed live, while everyone is following them. */
  void publishOnTheLiveTopics() {
    try (RecordPublisher publisher = new RecordPublisher(kafka, "poison-test")) {
      publisher
          .publishRaw(topics.workers().name(), bytes("ghost"), bytes("{\"role\": \"janitor\"}"))
          .join();
      publisher
          .publishRaw(topics.assignments().name(), bytes("local-student-1"), new byte[] {0, 1, 2})
          .join();
    }
  }

  /** Each went to the dead-letter topic with its origin, and was counted where it was met. */
  void assertDeadLettered(String apiUrl) throws Exception {
    List<DeadLetter> letters = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (letters.stream().map(DeadLetter::sourceTopic).distinct().count() < 3
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
      letters.clear();
      TopicContents.read(kafka.bootstrapServers(), topics.deadLetters(), (k, d) -> letters.add(d));
    }
    assertThat(letters)
        .anySatisfy(
            d -> {
              assertThat(d.sourceTopic()).isEqualTo(topics.events().name());
              assertThat(d.consumer()).isEqualTo("orchestrator");
              assertThat(new String(d.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
            });
    assertThat(letters)
        .anySatisfy(
            d -> {
              assertThat(d.sourceTopic()).isEqualTo(topics.workers().name());
              assertThat(d.consumer()).isEqualTo("orchestrator");
              assertThat(d.error()).contains("janitor");
            });
    assertThat(letters)
        .anySatisfy(
            d -> {
              assertThat(d.sourceTopic()).isEqualTo(topics.assignments().name());
              assertThat(d.consumer()).isEqualTo("local-student-1");
              assertThat(d.value()).containsExactly(0, 1, 2);
            });
    assertThat(Promtool.scrape(apiUrl + "/metrics"))
        .contains("netshrink_kafka_dead_letters_total{topic=\"netshrink.events\"} 1.0")
        .contains("netshrink_kafka_dead_letters_total{topic=\"netshrink.workers\"} 1.0");
    String studentMetrics =
        new ApiClient(apiUrl)
            .workers().stream()
                .filter(w -> w.workerId().equals("local-student-1"))
                .findFirst()
                .orElseThrow()
                .metricsUrl();
    assertThat(Promtool.scrape(studentMetrics))
        .contains("netshrink_kafka_dead_letters_total{topic=\"netshrink.assignments\"} 1.0");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
