package dev.netshrink.orchestrator;

import com.typesafe.config.Config;
import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The orchestrator's settings, read once from HOCON (see reference.conf for each default). */
public record OrchestratorSettings(KafkaSettings kafka, Topics topics, String httpHost,
    int httpPort, String apiToken, Duration httpAskTimeout, Duration heartbeatTimeout,
    int maxAttempts, Path reportsDir, Duration metricsRetention) {

  public static OrchestratorSettings from(Config root) {
    Config k = root.getConfig("netshrink.kafka");
    Config o = root.getConfig("netshrink.orchestrator");
    Map<String, Object> client = new HashMap<>();
    k.getConfig("client").entrySet()
        .forEach(e -> client.put(e.getKey(), e.getValue().unwrapped()));
    return new OrchestratorSettings(
        new KafkaSettings(k.getString("bootstrap-servers"), client),
        new Topics(k.getString("topic-prefix")),
        o.getString("http.host"), o.getInt("http.port"), o.getString("http.token"),
        o.getDuration("http.ask-timeout"), o.getDuration("heartbeat-timeout"),
        o.getInt("max-attempts"), Path.of(o.getString("reports-dir")),
        o.getDuration("metrics-retention"));
  }

  public OrchestratorSettings withKafka(KafkaSettings newKafka) {
    return new OrchestratorSettings(newKafka, topics, httpHost, httpPort, apiToken, httpAskTimeout,
        heartbeatTimeout, maxAttempts, reportsDir, metricsRetention);
  }

  public OrchestratorSettings withHttpPort(int port) {
    return new OrchestratorSettings(kafka, topics, httpHost, port, apiToken, httpAskTimeout,
        heartbeatTimeout, maxAttempts, reportsDir, metricsRetention);
  }

  public OrchestratorSettings withReportsDir(Path dir) {
    return new OrchestratorSettings(kafka, topics, httpHost, httpPort, apiToken, httpAskTimeout,
        heartbeatTimeout, maxAttempts, dir, metricsRetention);
  }
}
