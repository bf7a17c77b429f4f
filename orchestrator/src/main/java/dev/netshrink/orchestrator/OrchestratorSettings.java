package dev.netshrink.orchestrator;

import com.typesafe.config.Config;
import dev.netshrink.orchestrator.campaign.AttemptLimits;
import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;

/** The orchestrator's settings, read once from HOCON (see reference.conf for each default). */
public record OrchestratorSettings(
    KafkaSettings kafka,
    Topics topics,
    String httpHost,
    int httpPort,
    String apiToken,
    Duration httpAskTimeout,
    Duration heartbeatTimeout,
    AttemptLimits attempts,
    Path reportsDir,
    Duration metricsRetention,
    int metricsKeepFinished) {

  public static OrchestratorSettings from(Config root) {
    Config o = root.getConfig("netshrink.orchestrator");
    return new OrchestratorSettings(
        KafkaSettings.from(root),
        Topics.from(root),
        o.getString("http.host"),
        o.getInt("http.port"),
        o.getString("http.token"),
        o.getDuration("http.ask-timeout"),
        o.getDuration("heartbeat-timeout"),
        new AttemptLimits(o.getInt("max-attempts"), o.getInt("max-lost-attempts")),
        Path.of(o.getString("reports-dir")),
        o.getDuration("metrics-retention"),
        o.getInt("metrics-keep-finished"));
  }

  public OrchestratorSettings withKafka(KafkaSettings newKafka) {
    return new OrchestratorSettings(
        newKafka,
        topics,
        httpHost,
        httpPort,
        apiToken,
        httpAskTimeout,
        heartbeatTimeout,
        attempts,
        reportsDir,
        metricsRetention,
        metricsKeepFinished);
  }

  public OrchestratorSettings withHttpPort(int port) {
    return new OrchestratorSettings(
        kafka,
        topics,
        httpHost,
        port,
        apiToken,
        httpAskTimeout,
        heartbeatTimeout,
        attempts,
        reportsDir,
        metricsRetention,
        metricsKeepFinished);
  }

  public OrchestratorSettings withReportsDir(Path dir) {
    return new OrchestratorSettings(
        kafka,
        topics,
        httpHost,
        httpPort,
        apiToken,
        httpAskTimeout,
        heartbeatTimeout,
        attempts,
        dir,
        metricsRetention,
        metricsKeepFinished);
  }
}
