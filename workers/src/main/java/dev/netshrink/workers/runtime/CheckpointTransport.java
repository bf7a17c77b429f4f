package dev.netshrink.workers.runtime;

import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.job.JobIds;
import dev.netshrink.protocol.kafka.DeadLetters;
import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.kafka.RecordPublisher;
import dev.netshrink.protocol.kafka.TopicSnapshot;
import dev.netshrink.protocol.spec.Architecture;
import dev.netshrink.protocol.topic.TopicDescriptor;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.wire.CheckpointChunk;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * Model checkpoints over Kafka, split into chunks under the broker's message size. The topic is
 * compacted by {@code trialId/chunk}, so it keeps the latest checkpoint of every trial.
 */
public final class CheckpointTransport {

  private final KafkaSettings kafka;
  private final TopicDescriptor<String, CheckpointChunk> topic;
  private final RecordPublisher publisher;
  private final DeadLetters deadLetters;

  public CheckpointTransport(
      KafkaSettings kafka, Topics topics, RecordPublisher publisher, DeadLetters deadLetters) {
    this(kafka, topics.checkpoints(), publisher, deadLetters);
  }

  /**
   * The same transport on another topic of chunks: {@code topics.models()} keeps the networks
   * sweeps kept, each under its key as if it were a trial with one attempt.
   */
  public CheckpointTransport(
      KafkaSettings kafka,
      TopicDescriptor<String, CheckpointChunk> topic,
      RecordPublisher publisher,
      DeadLetters deadLetters) {
    this.kafka = kafka;
    this.topic = topic;
    this.publisher = publisher;
    this.deadLetters = deadLetters;
  }

  /**
   * A whole checkpoint: the architecture it belongs to, its parameter bytes and the optimizer's
   * state after that epoch (empty when unknown: a finished model, or an old record).
   */
  public record Checkpoint(
      Architecture arch, int[] widths, int epoch, byte[] parameters, byte[] optimizerState) {

    /** A model's parameters alone, with no training to continue. */
    public Checkpoint(Architecture arch, int[] widths, int epoch, byte[] parameters) {
      this(arch, widths, epoch, parameters, new byte[0]);
    }
  }

  /**
   * Publishes {@code attempt}'s checkpoint of {@code trialId} and waits until the broker has every
   * chunk; returns the number of chunks. Records are keyed by attempt (jobId/chunk), so a stale
   * attempt still running somewhere never overwrites the chunks of the one that counts.
   */
  public int publish(String trialId, int attempt, Checkpoint checkpoint) {
    List<CheckpointChunk> chunks = chunks(trialId, checkpoint);
    String jobId = RunJob.jobIdOf(trialId, attempt);
    List<CompletableFuture<?>> sent = new ArrayList<>();
    for (CheckpointChunk chunk : chunks) {
      sent.add(publisher.publish(topic, CheckpointChunk.recordKey(jobId, chunk.index()), chunk));
    }
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    return chunks.size();
  }

  /**
   * The records {@link #publish} sends: the parameters, then the optimizer state, cut into chunks
   * under the broker's limit.
   */
  public static List<CheckpointChunk> chunks(String trialId, Checkpoint checkpoint) {
    byte[] bytes = concat(checkpoint.parameters(), checkpoint.optimizerState());
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
              checkpoint.parameters().length,
              data));
    }
    return chunks;
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  /**
   * The latest complete checkpoint of {@code trialId} written by any attempt (a retried attempt
   * resumes from the furthest epoch any earlier one reached), if any.
   */
  public Optional<Checkpoint> readLatest(String trialId, Duration timeout) {
    return latest(trialId, timeout, attemptKey -> true, epoch -> true);
  }

  /**
   * The checkpoint attempt {@code jobId} saved after {@code epoch}, if it is still whole on the
   * topic: where a retry resumes ({@code RunJob.resumeFrom}). Compaction keeps one checkpoint per
   * attempt, so an attempt that went on training (fenced, but still running) may have replaced it.
   */
  public Optional<Checkpoint> readExactly(String jobId, int epoch, Duration timeout) {
    String trialId = JobIds.trialOf(jobId);
    return latest(
        trialId, timeout, key -> key.equals(jobId) || key.equals(trialId), e -> e == epoch);
  }

  /**
   * The latest complete checkpoint of exactly the attempt {@code jobId} (the one whose result the
   * campaign kept), if any: a stale attempt's later epochs are not it. Chunks written before they
   * were kept per attempt count as this attempt's.
   */
  public Optional<Checkpoint> readOfAttempt(String jobId, Duration timeout) {
    String trialId = JobIds.trialOf(jobId);
    return latest(trialId, timeout, key -> key.equals(jobId) || key.equals(trialId), e -> true);
  }

  private Optional<Checkpoint> latest(
      String trialId, Duration timeout, Predicate<String> attemptKeys, IntPredicate epochs) {
    // (attempt key, epoch) -> chunk index -> chunk; later records of the same key replace earlier
    // ones. An attempt key is the record key before "/index": trialId#attempt (trialId alone in
    // logs written before checkpoints were kept per attempt).
    Map<String, TreeMap<Integer, TreeMap<Integer, CheckpointChunk>>> found = new HashMap<>();
    TopicSnapshot.read(
        kafka,
        topic,
        deadLetters,
        timeout,
        (key, chunk) -> {
          int slash = key == null ? -1 : key.lastIndexOf('/');
          String attemptKey = slash < 0 ? "" : key.substring(0, slash);
          boolean ofTrial = attemptKey.equals(trialId) || attemptKey.startsWith(trialId + "#");
          if (ofTrial
              && attemptKeys.test(attemptKey)
              && epochs.test(chunk.epoch())
              && chunk.trialId().equals(trialId)) {
            found
                .computeIfAbsent(attemptKey, a -> new TreeMap<>())
                .computeIfAbsent(chunk.epoch(), e -> new TreeMap<>())
                .put(chunk.index(), chunk);
          }
          return true;
        });
    Checkpoint best = null;
    for (var byEpoch : found.values()) {
      for (var entry : byEpoch.descendingMap().entrySet()) {
        if (best != null && entry.getKey() <= best.epoch()) {
          break;
        }
        Optional<Checkpoint> whole = assemble(entry.getKey(), entry.getValue());
        if (whole.isPresent()) {
          best = whole.get();
          break;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  private static Optional<Checkpoint> assemble(
      int epoch, NavigableMap<Integer, CheckpointChunk> chunks) {
    CheckpointChunk first = chunks.firstEntry().getValue();
    if (chunks.size() != first.chunks()) {
      return Optional.empty();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) first.totalBytes());
    chunks.values().forEach(c -> out.writeBytes(c.data()));
    if (out.size() != first.totalBytes()
        || chunks.values().stream().anyMatch(c -> c.parameterBytes() != first.parameterBytes())) {
      return Optional.empty();
    }
    byte[] bytes = out.toByteArray();
    int split = (int) first.parameterBytes();
    return Optional.of(
        new Checkpoint(
            Architecture.fromWireName(first.arch()),
            first.widths(),
            epoch,
            Arrays.copyOf(bytes, split),
            Arrays.copyOfRange(bytes, split, bytes.length)));
  }
}
