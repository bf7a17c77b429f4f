package dev.netshrink.workers.runtime;

import com.typesafe.config.Config;
import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.worker.WorkerRole;
import java.time.Duration;

/**
 * One worker's identity and how it reaches the system, read once from HOCON (the workers'
 * reference.conf comments every default). {@code evalBatchSize} sizes the inference batches of
 * evaluation, logits and pruning sweeps; {@code metricsHost:metricsPort} is where it serves
 * /metrics (port 0: any free port); a job waits up to {@code transferTimeouts} for logits and
 * checkpoints on Kafka.
 */
public record WorkerSettings(
    String workerId,
    WorkerRole role,
    KafkaSettings kafka,
    Topics topics,
    Duration heartbeatInterval,
    int evalBatchSize,
    TransferTimeouts transferTimeouts,
    String metricsHost,
    int metricsPort) {

  /** How long a job waits for data another worker published. */
  public record TransferTimeouts(Duration logits, Duration checkpoint) {}

  /** The settings of {@code root} (netshrink.kafka and netshrink.worker) for this worker. */
  public static WorkerSettings from(Config root, String workerId, WorkerRole role) {
    Config w = root.getConfig("netshrink.worker");
    return new WorkerSettings(
        workerId,
        role,
        KafkaSettings.from(root),
        Topics.from(root),
        w.getDuration("heartbeat-interval"),
        w.getInt("eval-batch-size"),
        new TransferTimeouts(w.getDuration("logits-timeout"), w.getDuration("checkpoint-timeout")),
        w.getString("metrics.host"),
        w.getInt("metrics.port"));
  }

  public WorkerSettings withKafka(KafkaSettings newKafka) {
    return new WorkerSettings(
        workerId,
        role,
        newKafka,
        topics,
        heartbeatInterval,
        evalBatchSize,
        transferTimeouts,
        metricsHost,
        metricsPort);
  }

  public WorkerSettings withMetrics(String host, int port) {
    return new WorkerSettings(
        workerId,
        role,
        kafka,
        topics,
        heartbeatInterval,
        evalBatchSize,
        transferTimeouts,
        host,
        port);
  }
}
