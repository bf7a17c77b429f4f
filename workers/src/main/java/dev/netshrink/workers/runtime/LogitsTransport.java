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

  /**
   * Publishes the logits in blocks; a mirrored view follows as rows {@code images .. 2*images-1}
   * (row {@code images + i} is image {@code i} flipped), in blocks of its own so that a reader of
   * the plain view alone never meets a block that straddles the two.
   */
  public Published publish(
      String logitsKey, TeacherLogits logits, LogitsBlock.Precision precision) {
    int perView = (logits.images() + IMAGES_PER_BLOCK - 1) / IMAGES_PER_BLOCK;
    int blocks = logits.hasMirrored() ? 2 * perView : perView;
    List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
    for (int b = 0; b < blocks; b++) {
      boolean mirrored = b >= perView;
      int from = (b % perView) * IMAGES_PER_BLOCK;
      int count = Math.min(IMAGES_PER_BLOCK, logits.images() - from);
      LogitsBlock block =
          new LogitsBlock(
              b,
              blocks,
              mirrored ? logits.images() + from : from,
              count,
              logits.classes(),
              precision,
              mirrored ? logits.mirroredRows(from, count) : logits.rows(from, count));
      sent.add(publisher.publish(topics.logits(), LogitsBlock.recordKey(logitsKey, b), block));
    }
    // the broker's acks say how large each encoded block was: no second encoding to count
    long bytes = sent.stream().mapToLong(f -> f.join().serializedValueSize()).sum();
    return new Published(blocks, bytes);
  }

  /**
   * Reads every block under {@code logitsKey} of {@code images} images, with the mirrored view if
   * asked; fails if any row is missing.
   */
  public TeacherLogits read(
      String logitsKey, int images, int classes, boolean mirrored, Duration timeout) {
    int rows = mirrored ? 2 * images : images;
    // rows images.. are the mirrored view: each block goes straight to the array of its view
    float[] plain = new float[images * classes];
    float[] flipped = mirrored ? new float[images * classes] : null;
    BitSet seen = new BitSet(rows);
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
              && block.offset() + block.count() <= rows
              && (block.offset() >= images || block.offset() + block.count() <= images)) {
            boolean mirror = block.offset() >= images;
            int row = mirror ? block.offset() - images : block.offset();
            System.arraycopy(
                block.values(), 0, mirror ? flipped : plain, row * classes, block.values().length);
            seen.set(block.offset(), block.offset() + block.count());
          }
          return seen.cardinality() < rows;
        });
    if (seen.cardinality() != rows) {
      throw new IllegalStateException(
          "logits "
              + logitsKey
              + " cover "
              + seen.cardinality()
              + " of "
              + rows
              + " rows"
              + (mirrored ? " (" + images + " images, each as it is and flipped)" : ""));
    }
    return new TeacherLogits(images, classes, plain, flipped);
  }
}
