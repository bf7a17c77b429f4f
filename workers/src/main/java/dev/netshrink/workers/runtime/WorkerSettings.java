package dev.netshrink.workers.runtime;

import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.worker.WorkerRole;
import java.time.Duration;

/**
 * One worker's identity and how it reaches the system. {@code evalBatchSize} sizes the
 * inference batches of evaluation, logits and pruning sweeps.
 */
public record WorkerSettings(String workerId, WorkerRole role, KafkaSettings kafka, Topics topics,
    Duration heartbeatInterval, int evalBatchSize) {

  public static WorkerSettings of(String workerId, WorkerRole role, KafkaSettings kafka,
      Topics topics) {
    return new WorkerSettings(workerId, role, kafka, topics, Duration.ofSeconds(1), 256);
  }
}
