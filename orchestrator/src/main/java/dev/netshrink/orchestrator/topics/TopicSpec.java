package dev.netshrink.orchestrator.topics;

import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * What a topic should look like when netshrink creates it. Replication is left to the broker's
 * {@code default.replication.factor} so the same specs fit the embedded broker and a real cluster.
 *
 * @param retentionBytes per-partition size limit; -1 for none
 * @param maxMessageBytes largest record batch the topic accepts
 */
public record TopicSpec(
    String name,
    int partitions,
    CleanupPolicy cleanupPolicy,
    long retentionBytes,
    int maxMessageBytes) {

  /** Kafka's {@code cleanup.policy}: keep the latest value per key, or drop old segments. */
  public enum CleanupPolicy {
    COMPACT(TopicConfig.CLEANUP_POLICY_COMPACT),
    DELETE(TopicConfig.CLEANUP_POLICY_DELETE);

    private final String configValue;

    CleanupPolicy(String configValue) {
      this.configValue = configValue;
    }

    public String configValue() {
      return configValue;
    }
  }

  public TopicSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "topic " + name + ": partitions must be >= 1, got " + partitions);
    }
    if (cleanupPolicy == null) {
      throw new IllegalArgumentException("topic " + name + ": cleanupPolicy is required");
    }
    if (retentionBytes < -1) {
      throw new IllegalArgumentException(
          "topic " + name + ": retentionBytes must be >= -1, got " + retentionBytes);
    }
    if (maxMessageBytes < 1) {
      throw new IllegalArgumentException(
          "topic " + name + ": maxMessageBytes must be >= 1, got " + maxMessageBytes);
    }
  }

  NewTopic toNewTopic() {
    return new NewTopic(name, Optional.of(partitions), Optional.empty())
        .configs(
            Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy.configValue(),
                TopicConfig.RETENTION_BYTES_CONFIG, String.valueOf(retentionBytes),
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(maxMessageBytes)));
  }
}
