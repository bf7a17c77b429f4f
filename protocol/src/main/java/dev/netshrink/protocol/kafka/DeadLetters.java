package dev.netshrink.protocol.kafka;

import dev.netshrink.protocol.metrics.MetricNames;
import dev.netshrink.protocol.topic.TopicDescriptor;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.wire.DeadLetter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes records with their topic's serdes; a record that cannot be decoded (or fails its
 * validation) goes to the dead-letter topic with the error and its origin, is counted (a metric by
 * source topic), and the consumer moves on. A record is dead-lettered once per process, however
 * often it is read: compacted topics are read again from the start by every job.
 */
public final class DeadLetters {

  private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

  private final RecordPublisher publisher;
  private final Topics topics;
  private final String consumerName;
  private final AtomicLong count = new AtomicLong();
  private final MeterRegistry registry;

  /** Where the records dead-lettered so far are (topic/partition/offset), the latest ones. */
  private final RecentIds seen = new RecentIds(100_000);

  /** Counts dead letters in {@code registry} as {@link MetricNames#DEAD_LETTERS} by topic. */
  public DeadLetters(
      RecordPublisher publisher, Topics topics, String consumerName, MeterRegistry registry) {
    this.publisher = publisher;
    this.topics = topics;
    this.consumerName = consumerName;
    this.registry = registry;
  }

  /**
   * For a tool that reads the topics now and then (e.g. `netshrink export`): it logs and skips what
   * it cannot decode but writes no letter. The orchestrator and the workers dead-letter what they
   * meet; a tool run again and again would only write the same letters again.
   */
  public static DeadLetters skipping(Topics topics, String consumerName) {
    return new DeadLetters(null, topics, consumerName, new SimpleMeterRegistry());
  }

  /** For one-off readers (tools, tests) whose counts nobody scrapes. */
  public DeadLetters(RecordPublisher publisher, Topics topics, String consumerName) {
    this(publisher, topics, consumerName, new SimpleMeterRegistry());
  }

  /**
   * The decoded key and value; empty when the record was dead-lettered, or is a tombstone (no
   * value) on a compacted topic, which deletes a key and carries nothing to handle. A tombstone on
   * a topic that is not compacted is dead-lettered: nothing there writes one.
   */
  public <K, V> Optional<Decoded<K, V>> decode(
      TopicDescriptor<K, V> topic, ConsumerRecord<byte[], byte[]> record) {
    if (record.value() == null) {
      if (!topic.compacted()) {
        deadLetter(
            record, new IllegalArgumentException("a record without a value on " + topic.name()));
      }
      return Optional.empty();
    }
    try {
      K key = topic.keySerde().deserializer().deserialize(record.topic(), record.key());
      V value = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
      return Optional.of(new Decoded<>(key, value));
    } catch (RuntimeException e) {
      deadLetter(record, e);
      return Optional.empty();
    }
  }

  public void deadLetter(ConsumerRecord<byte[], byte[]> record, Exception error) {
    String origin = record.topic() + "/" + record.partition() + "/" + record.offset();
    if (!seen.firstTime(origin)) {
      return; // dead-lettered when this process read it before
    }
    count.incrementAndGet();
    Counter.builder(MetricNames.DEAD_LETTERS)
        .description("undecodable records dead-lettered")
        .tag(MetricNames.TAG_TOPIC, record.topic())
        .register(registry)
        .increment();
    log.warn(
        "{} {}-{}@{}: {}",
        publisher == null ? "skipping" : "dead-lettering",
        record.topic(),
        record.partition(),
        record.offset(),
        error.toString());
    if (publisher == null) {
      return;
    }
    DeadLetter letter =
        new DeadLetter(
            record.topic(),
            record.partition(),
            record.offset(),
            consumerName,
            error.toString(),
            record.key(),
            record.value(),
            System.currentTimeMillis());
    publisher.send(topics.deadLetters(), origin, letter);
  }

  public long count() {
    return count.get();
  }

  /** A successfully decoded record. */
  public record Decoded<K, V>(K key, V value) {}
}
