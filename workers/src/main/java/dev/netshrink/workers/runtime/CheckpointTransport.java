package dev.netshrink.workers.runtime;

import dev.netshrink.protocol.kafka.DeadLetters;
import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.kafka.RecordPublisher;
import dev.netshrink.protocol.kafka.TopicSnapshot;
import dev.netshrink.protocol.spec.Architecture;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.wire.CheckpointChunk;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Model checkpoints over Kafka, split into chunks under the broker's message size. The topic is
 * compacted by {@code trialId/chunk}, so it keeps the latest checkpoint of every trial.
 */
public final class CheckpointTransport {

  private final KafkaSettings kafka;
  private final Topics topics;
  private final RecordPublisher publisher;
  private final DeadLetters deadLetters;

  public CheckpointTransport(
      KafkaSettings kafka, Topics topics, RecordPublisher publisher, DeadLetters deadLetters) {
    this.kafka = kafka;
    this.topics = topics;
    this.publisher = publisher;
    this.deadLetters = deadLetters;
  }

  /** A whole checkpoint: the architecture it belongs to and its parameter bytes. */
  public record Checkpoint(Architecture arch, int[] widths, int epoch, byte[] parameters) {}

  /** Publishes and waits until the broker has every chunk; returns the number of chunks. */
  public int publish(String trialId, Checkpoint checkpoint) {
    List<CheckpointChunk> chunks = chunks(trialId, checkpoint);
    List<CompletableFuture<?>> sent = new ArrayList<>();
    for (CheckpointChunk chunk : chunks) {
      sent.add(
          publisher.publish(
              topics.checkpoints(), CheckpointChunk.recordKey(trialId, chunk.index()), chunk));
    }
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    return chunks.size();
  }

  /**
   * The records {@link #publish} sends: the parameters cut into chunks under the broker's limit.
   */
  public static List<CheckpointChunk> chunks(String trialId, Checkpoint checkpoint) {
    byte[] bytes = checkpoint.parameters();
    int count =
        Math.max(
            1,
            (bytes.length + CheckpointChunk.MAX_CHUNK_BYTES - 1) / CheckpointChunk.MAX_CHUNK_BYTES);
    List<CheckpointChunk> chunks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int from = i * CheckpointChunk.MAX_CHUNK_BYTES;
      byte[] data =
          Arrays.copyOfRange(
              bytes, from, Math.min(bytes.length, from + CheckpointChunk.MAX_CHUNK_BYTES));
      chunks.add(
          new CheckpointChunk(
              trialId,
              checkpoint.arch().wireName(),
              checkpoint.widths(),
              checkpoint.epoch(),
              i,
              count,
              bytes.length,
              data));
    }
    return chunks;
  }

  /** The latest complete checkpoint of {@code trialId}, if any. */
  public Optional<Checkpoint> readLatest(String trialId, Duration timeout) {
    // epoch -> chunk index -> chunk; later records of the same key replace earlier ones
    TreeMap<Integer, TreeMap<Integer, CheckpointChunk>> byEpoch = new TreeMap<>();
    String prefix = trialId + "/";
    TopicSnapshot.read(
        kafka,
        topics.checkpoints(),
        deadLetters,
        timeout,
        (key, chunk) -> {
          if (key != null
              && key.startsWith(prefix)
              && chunk != null
              && chunk.trialId().equals(trialId)) {
            byEpoch.computeIfAbsent(chunk.epoch(), e -> new TreeMap<>()).put(chunk.index(), chunk);
          }
          return true;
        });
    for (var entry : byEpoch.descendingMap().entrySet()) {
      TreeMap<Integer, CheckpointChunk> chunks = entry.getValue();
      CheckpointChunk first = chunks.firstEntry().getValue();
      if (chunks.size() == first.chunks()) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) first.totalBytes());
        chunks.values().forEach(c -> out.writeBytes(c.data()));
        if (out.size() == first.totalBytes()) {
          return Optional.of(
              new Checkpoint(
                  Architecture.fromWireName(first.arch()),
                  first.widths(),
                  entry.getKey(),
                  out.toByteArray()));
        }
      }
    }
    return Optional.empty();
  }
}
