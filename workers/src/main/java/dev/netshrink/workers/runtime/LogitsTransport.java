package dev.netshrink.workers.runtime;

import dev.netshrink.protocol.kafka.DeadLetters;
import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.kafka.RecordPublisher;
import dev.netshrink.protocol.kafka.TopicSnapshot;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.wire.LogitsBlock;
import dev.netshrink.workers.distill.TeacherLogits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Teacher logits over Kafka: the teacher publishes them once, in blocks of {@value
 * #IMAGES_PER_BLOCK} images, and every student trial reads them back instead of running the
 * teacher.
 */
public final class LogitsTransport {

  static final int IMAGES_PER_BLOCK = 1024;

  private final KafkaSettings kafka;
  private final Topics topics;
  private final RecordPublisher publisher;
  private final DeadLetters deadLetters;

  public LogitsTransport(
      KafkaSettings kafka, Topics topics, RecordPublisher publisher, DeadLetters deadLetters) {
    this.kafka = kafka;
    this.topics = topics;
    this.publisher = publisher;
    this.deadLetters = deadLetters;
  }

  /** What was published: how many records and bytes. */
  public record Published(int blocks, long bytes) {}

  public Published publish(
      String logitsKey, TeacherLogits logits, LogitsBlock.Precision precision) {
    int blocks = (logits.images() + IMAGES_PER_BLOCK - 1) / IMAGES_PER_BLOCK;
    List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
    for (int b = 0; b < blocks; b++) {
      int offset = b * IMAGES_PER_BLOCK;
      int count = Math.min(IMAGES_PER_BLOCK, logits.images() - offset);
      LogitsBlock block =
          new LogitsBlock(
              b, blocks, offset, count, logits.classes(), precision, logits.rows(offset, count));
      sent.add(publisher.publish(topics.logits(), LogitsBlock.recordKey(logitsKey, b), block));
    }
    // the broker's acks say how large each encoded block was: no second encoding to count
    long bytes = sent.stream().mapToLong(f -> f.join().serializedValueSize()).sum();
    return new Published(blocks, bytes);
  }

  /** Reads every block under {@code logitsKey}; fails if any of the images is missing. */
  public TeacherLogits read(String logitsKey, int images, int classes, Duration timeout) {
    float[] logits = new float[images * classes];
    BitSet seen = new BitSet(images);
    String prefix = logitsKey + "/";
    TopicSnapshot.read(
        kafka,
        topics.logits(),
        deadLetters,
        timeout,
        (key, block) -> {
          if (key != null
              && key.startsWith(prefix)
              && block != null
              && block.classes() == classes
              && block.offset() + block.count() <= images) {
            System.arraycopy(
                block.values(), 0, logits, block.offset() * classes, block.values().length);
            seen.set(block.offset(), block.offset() + block.count());
          }
          return seen.cardinality() < images;
        });
    if (seen.cardinality() != images) {
      throw new IllegalStateException(
          "logits " + logitsKey + " cover " + seen.cardinality() + " of " + images + " images");
    }
    return new TeacherLogits(images, classes, logits);
  }
}
