package dev.netshrink.protocol.topic;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition Kafka's default producer partitioner puts a keyed record on. A worker reads only
 * the assignments partition its own id hashes to, instead of the whole topic: with many workers,
 * each one no longer fetches and discards every other worker's assignments.
 */
public final class KeyPartition {

  private KeyPartition() {}

  /**
   * The partition of a record keyed by {@code key} (UTF-8, as {@code Serdes.String()} writes it) on
   * a topic of {@code partitions} partitions: murmur2 of the key bytes, as the producer's built-in
   * partitioner does. A client configured with another {@code partitioner.class} breaks this;
   * netshrink never sets one.
   */
  public static int of(String key, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
    }
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}
