package dev.netshrink.protocol.kafka;

import dev.netshrink.protocol.topic.TopicDescriptor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiPredicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a topic from its beginning up to the end offsets seen at the start (no consumer group): how
 * students load teacher logits and the pruner loads checkpoints. The visitor returns false to stop
 * early once it has what it needs.
 */
public final class TopicSnapshot {

  private TopicSnapshot() {}

  public static <K, V> void read(
      KafkaSettings settings,
      TopicDescriptor<K, V> topic,
      DeadLetters deadLetters,
      Duration timeout,
      BiPredicate<K, V> visitor) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(settings.consumer(null, "snapshot-" + UUID.randomUUID()))) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic.name(), timeout).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!reachedEnd(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "timed out reading " + topic.name() + " after " + timeout.toSeconds() + " s");
        }
        for (ConsumerRecord<byte[], byte[]> rec : consumer.poll(Duration.ofMillis(200))) {
          var decoded = deadLetters.decode(topic, rec);
          if (decoded.isPresent() && !visitor.test(decoded.get().key(), decoded.get().value())) {
            return;
          }
        }
      }
    }
  }

  private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }
}
