package dev.netshrink.protocol.kafka;

import dev.netshrink.protocol.topic.TopicDescriptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One producer for all topics of a process: values are encoded with the topic's own serde, so
 * nothing can be written to a topic in the wrong format. Thread-safe, like KafkaProducer.
 */
public final class RecordPublisher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RecordPublisher.class);

  private final Producer<byte[], byte[]> producer;

  public RecordPublisher(KafkaSettings settings, String clientId) {
    this(new KafkaProducer<>(settings.producer(clientId)));
  }

  /** Over a producer made elsewhere (Kafka's {@code MockProducer} in tests); closed with this. */
  public RecordPublisher(Producer<byte[], byte[]> producer) {
    this.producer = producer;
  }

  public <K, V> CompletableFuture<RecordMetadata> publish(
      TopicDescriptor<K, V> topic, K key, V value) {
    ProducerRecord<byte[], byte[]> record = encode(topic, key, value);
    return publishRaw(record.topic(), record.key(), record.value());
  }

  /** The record of {@code value} under {@code key}, in the topic's own format. */
  private static <K, V> ProducerRecord<byte[], byte[]> encode(
      TopicDescriptor<K, V> topic, K key, V value) {
    return new ProducerRecord<>(
        topic.name(),
        topic.keySerde().serializer().serialize(topic.name(), key),
        topic.valueSerde().serializer().serialize(topic.name(), value));
  }

  /**
   * Publishes without waiting for the broker: for records whose sender goes on either way
   * (progress, heartbeats, dead letters). The producer retries until its delivery timeout; a record
   * still not acknowledged then is logged as an error, never dropped silently.
   */
  public <K, V> void send(TopicDescriptor<K, V> topic, K key, V value) {
    // the callback sees the outcome; the Future the producer also returns says the same
    Future<RecordMetadata> unused =
        producer.send(
            encode(topic, key, value),
            (meta, error) -> {
              if (error != null) {
                log.error("record {} on {} was not delivered", key, topic.name(), error);
              }
            });
  }

  /** For records already encoded (dead letters, benchmarks of raw transport). */
  public CompletableFuture<RecordMetadata> publishRaw(String topic, byte[] key, byte[] value) {
    CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
    // the callback completes `done`; the Future the producer also returns says the same
    Future<RecordMetadata> unused =
        producer.send(
            new ProducerRecord<>(topic, key, value),
            (meta, error) -> {
              if (error != null) {
                done.completeExceptionally(error);
              } else {
                done.complete(meta);
              }
            });
    return done;
  }

  /** Kafka's own producer metrics (record rates, latencies, errors) in {@code registry}. */
  public void bindMetrics(MeterRegistry registry) {
    new KafkaClientMetrics(producer).bindTo(registry);
  }

  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
