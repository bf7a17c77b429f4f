package dev.netshrink.local.broker;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import kafka.server.KafkaConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats a KRaft log directory the way {@code kafka-storage.sh format} does, unless it already is.
 */
final class KraftStorage {

  private static final Logger log = LoggerFactory.getLogger(KraftStorage.class);
  // MetaPropertiesEnsemble.META_PROPERTIES_NAME, spelled out to spare a compile dependency on
  // kafka-server-common; Kafka writes it last when formatting, so it marks a finished format.
  private static final String META_PROPERTIES = "meta.properties";

  private KraftStorage() {}

  /**
   * Returns true if the directory was formatted now, false if it already held a cluster. With
   * {@code credentials}, their SCRAM users are written into the bootstrap metadata.
   */
  static boolean formatIfNeeded(Path dataDir, KafkaConfig config, BrokerCredentials credentials)
      throws Exception {
    return formatIfNeeded(dataDir, config, credentials, Uuid.randomUuid().toString());
  }

  /** The same, for one node of a cluster: every node is formatted with the same cluster id. */
  static boolean formatIfNeeded(
      Path dataDir, KafkaConfig config, BrokerCredentials credentials, String clusterId)
      throws Exception {
    if (Files.exists(dataDir.resolve(META_PROPERTIES))) {
      return false;
    }
    Files.createDirectories(dataDir);
    // Mirrors StorageTool.runFormatCommand in 4.4.0: the release version defaults to the latest
    // production metadata.version, and the bootstrap snapshot is written because this node is
    // a controller. The static voter set means no dynamic quorum (kraft.version 0).
    Formatter formatter = new Formatter();
    if (credentials != null) {
      formatter.setScramArguments(credentials.scramArguments());
    }
    formatter
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .setNodeId(config.nodeId())
        .setClusterId(clusterId)
        .setControllerListenerName(SingleNodeBrokerConfig.CONTROLLER_LISTENER)
        .setMetadataLogDirectory(config.metadataLogDir())
        .addDirectory(dataDir.toAbsolutePath().toString())
        .setWriteBootstrapSnapshot(true)
        .setHasDynamicQuorum(false)
        .run();
    log.info("Formatted {} for new cluster {}", dataDir, clusterId);
    return true;
  }

  /** The cluster id a formatted directory belongs to; empty when it is not formatted. */
  static java.util.Optional<String> clusterIdOf(Path dataDir) throws java.io.IOException {
    Path meta = dataDir.resolve(META_PROPERTIES);
    if (!Files.exists(meta)) {
      return java.util.Optional.empty();
    }
    java.util.Properties props = new java.util.Properties();
    try (var in = Files.newInputStream(meta)) {
      props.load(in);
    }
    return java.util.Optional.ofNullable(props.getProperty("cluster.id"));
  }
}
