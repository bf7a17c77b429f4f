package dev.netshrink.cli;

import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.kafka.DeadLetters;
import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.kafka.RecordPublisher;
import dev.netshrink.protocol.kafka.TopicSnapshot;
import dev.netshrink.protocol.topic.TopicDescriptor;
import dev.netshrink.protocol.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** What a topic holds right now, read the way the system reads it: for test assertions. */
final class TopicContents {

  private TopicContents() {}

  static <V> void read(
      String bootstrap, TopicDescriptor<String, V> topic, BiConsumer<String, V> sink) {
    KafkaSettings kafka = KafkaSettings.of(bootstrap);
    try (RecordPublisher publisher = new RecordPublisher(kafka, "test-reader")) {
      TopicSnapshot.read(
          kafka,
          topic,
          new DeadLetters(publisher, Topics.withDefaultPrefix(), "test-reader"),
          Duration.ofSeconds(30),
          (k, v) -> {
            sink.accept(k, v);
            return true;
          });
    }
  }

  /**
   * The keys of {@code topic}'s records in order, each with whether it held a value (false: a
   * tombstone), read raw: tombstones are what this is for.
   */
  static List<Map.Entry<String, Boolean>> keys(String bootstrap, String topic) {
    List<Map.Entry<String, Boolean>> keys = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(KafkaSettings.of(bootstrap).consumer(null, "test-keys"))) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
          && System.nanoTime() < deadline) {
        consumer
            .poll(Duration.ofMillis(200))
            .forEach(
                r ->
                    keys.add(
                        Map.entry(new String(r.key(), StandardCharsets.UTF_8), r.value() != null)));
      }
    }
    return keys;
  }

  static List<CampaignEvent> events(String bootstrap) {
    List<CampaignEvent> events = new ArrayList<>();
    read(bootstrap, Topics.withDefaultPrefix().events(), (k, e) -> events.add(e));
    return events;
  }
}
