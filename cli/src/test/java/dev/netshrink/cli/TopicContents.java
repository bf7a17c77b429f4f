package dev.netshrink.cli;

import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.kafka.DeadLetters;
import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.kafka.RecordPublisher;
import dev.netshrink.protocol.kafka.TopicSnapshot;
import dev.netshrink.protocol.topic.TopicDescriptor;
import dev.netshrink.protocol.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

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

  static List<CampaignEvent> events(String bootstrap) {
    List<CampaignEvent> events = new ArrayList<>();
    read(bootstrap, Topics.withDefaultPrefix().events(), (k, e) -> events.add(e));
    return events;
  }
}
