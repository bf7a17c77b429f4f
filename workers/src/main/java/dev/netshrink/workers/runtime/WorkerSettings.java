package dev.netshrink.workers.runtime;

import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.worker.WorkerRole;
import java.time.Duration;

/**
 * One worker's identity and how it reaches the system. {@code evalBatchSize} sizes the
 * inference batches of evaluation, logits and pruning sweeps; {@code metricsHost:metricsPort}
 * is where it serves /metrics (port 0: any free port).
 */
public record WorkerSettings(String workerId, WorkerRole role, KafkaSettings kafka, Topics topics,
    Duration heartbeatInterval, int evalBatchSize, String metricsHost, int metricsPort) {

  /** Metrics on 127.0.0.1 at a free port; heartbeats every second. */
  public static WorkerSettings of(String workerId, WorkerRole role, KafkaSettings kafka,
      Topics topics) {
    return new WorkerSettings(workerId, role, kafka, topics, Duration.ofSeconds(1), 256,
        "127.0.0.1", 0);
  }

  public WorkerSettings withMetrics(String host, int port) {
    return new WorkerSettings(workerId, role, kafka, topics, heartbeatInterval, evalBatchSize,
        host, port);
  }
}
