package dev.netshrink.workers.runtime;

import dev.netshrink.protocol.kafka.DeadLetters;
import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.kafka.RecordPublisher;
import dev.netshrink.protocol.kafka.TopicSnapshot;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.wire.LogitsBlock;
import dev.netshrink.protocol.wire.LogitsBlockSerde;
import dev.netshrink.workers.distill.TeacherLogits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Teacher logits over Kafka: the teacher publishes them once, in blocks of {@value
 * #IMAGES_PER_BLOCK} images, and every student trial reads them back instead of running the
 * teacher; a worker reads a set once and keeps it ({@link LogitsCache}).
 */
public final class LogitsTransport {

  static final int IMAGES_PER_BLOCK = 1024;

  private final KafkaSettings kafka;
  private final Topics topics;
  private final RecordPublisher publisher;
  private final DeadLetters deadLetters;

  private final LogitsCache cache;
  private final Consumer<WorkerMeters.LogitsSource> counted;

  /** A transport that keeps nothing it reads: every read goes to Kafka (what a benchmark times). */
  public LogitsTransport(
      KafkaSettings kafka, Topics topics, RecordPublisher publisher, DeadLetters deadLetters) {
    this(kafka, topics, publisher, deadLetters, new LogitsCache(0), source -> {});
  }

  /**
   * A worker's transport: each set it reads is kept (up to {@value LogitsCache#DEFAULT_BYTES} bytes
   * in all), and each set read or reused is counted in {@code meters}.
   */
  public static LogitsTransport keeping(
      KafkaSettings kafka,
      Topics topics,
      RecordPublisher publisher,
      DeadLetters deadLetters,
      WorkerMeters meters) {
    return new LogitsTransport(
        kafka,
        topics,
        publisher,
        deadLetters,
        new LogitsCache(LogitsCache.DEFAULT_BYTES),
        meters::logits);
  }

  private LogitsTransport(
      KafkaSettings kafka,
      Topics topics,
      RecordPublisher publisher,
      DeadLetters deadLetters,
      LogitsCache cache,
      Consumer<WorkerMeters.LogitsSource> counted) {
    this.kafka = kafka;
    this.topics = topics;
    this.publisher = publisher;
    this.deadLetters = deadLetters;
    this.cache = cache;
    this.counted = counted;
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
   * The blocks and bytes under {@code logitsKey} when they already hold every row asked for, at
   * {@code precision}: a teacher whose content-keyed logits an earlier campaign left on the topic
   * publishes nothing. Empty when any row is missing (a teacher that died while publishing).
   */
  public Optional<Published> find(
      String logitsKey,
      int images,
      int classes,
      boolean mirrored,
      LogitsBlock.Precision precision,
      Duration timeout) {
    int rows = mirrored ? 2 * images : images;
    BitSet seen = new BitSet(rows);
    // a key published twice holds each block twice until compaction: count each block once
    Map<Integer, Integer> sizes = new HashMap<>();
    visit(
        logitsKey,
        images,
        classes,
        rows,
        timeout,
        block -> {
          if (block.precision() == precision) {
            seen.set(block.offset(), block.offset() + block.count());
            sizes.put(block.blockIndex(), LogitsBlockSerde.encodedSize(block));
          }
          return seen.cardinality() < rows;
        });
    return seen.cardinality() == rows
        ? Optional.of(new Published(sizes.size(), sizes.values().stream().mapToLong(x -> x).sum()))
        : Optional.empty();
  }

  /**
   * Every block under {@code logitsKey} of {@code images} images, with the mirrored view if asked;
   * fails if any row is missing. A set this worker read before comes from its memory.
   */
  public TeacherLogits read(
      String logitsKey, int images, int classes, boolean mirrored, Duration timeout) {
    LogitsCache.Key key = new LogitsCache.Key(logitsKey, images, classes, mirrored);
    Optional<TeacherLogits> kept = cache.get(key);
    if (kept.isPresent()) {
      counted.accept(WorkerMeters.LogitsSource.MEMORY);
      return kept.get();
    }
    TeacherLogits read = readFromTopic(logitsKey, images, classes, mirrored, timeout);
    counted.accept(WorkerMeters.LogitsSource.KAFKA);
    cache.put(key, read);
    return read;
  }

  private TeacherLogits readFromTopic(
      String logitsKey, int images, int classes, boolean mirrored, Duration timeout) {
    int rows = mirrored ? 2 * images : images;
    // rows images.. are the mirrored view: each block goes straight to the array of its view
    float[] plain = new float[images * classes];
    float[] flipped = mirrored ? new float[images * classes] : null;
    BitSet seen = new BitSet(rows);
    visit(
        logitsKey,
        images,
        classes,
        rows,
        timeout,
        block -> {
          boolean mirror = block.offset() >= images;
          int row = mirror ? block.offset() - images : block.offset();
          System.arraycopy(
              block.values(), 0, mirror ? flipped : plain, row * classes, block.values().length);
          seen.set(block.offset(), block.offset() + block.count());
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

  /**
   * Hands {@code visitor} each block under {@code logitsKey} that fits {@code rows} rows of {@code
   * classes} classes and lies wholly in one view, until it returns false or the topic ends.
   */
  private void visit(
      String logitsKey,
      int images,
      int classes,
      int rows,
      Duration timeout,
      Predicate<LogitsBlock> visitor) {
    String prefix = logitsKey + "/";
    TopicSnapshot.read(
        kafka,
        topics.logits(),
        deadLetters,
        timeout,
        (key, block) ->
            key == null
                || !key.startsWith(prefix)
                || block == null
                || block.classes() != classes
                || block.offset() + block.count() > rows
                || (block.offset() < images && block.offset() + block.count() > images)
                || visitor.test(block));
  }
}
