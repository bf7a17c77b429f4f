package dev.netshrink.local.broker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process single-node Apache Kafka broker in KRaft mode (broker and controller in one), for
 * running netshrink without an external cluster. Data survives {@link #close()} and a later {@link
 * #start(Path)} on the same directory.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  // Startup is ~3 s; the margin covers a loaded 2-core machine and log recovery after a crash.
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaRaftServer server;
  private final Path dataDir;
  private final int port;
  private final String bootstrapServers;
  private final Optional<BrokerCredentials> credentials;
  private boolean closed;

  private EmbeddedKafkaBroker(
      KafkaRaftServer server,
      Path dataDir,
      int port,
      String bootstrapServers,
      Optional<BrokerCredentials> credentials) {
    this.server = server;
    this.dataDir = dataDir;
    this.port = port;
    this.bootstrapServers = bootstrapServers;
    this.credentials = credentials;
  }

  /** Starts on {@code dataDir} (formatting it if new) with a free PLAINTEXT port. */
  public static EmbeddedKafkaBroker start(Path dataDir) {
    return start(dataDir, 0, Map.of());
  }

  /**
   * Starts on {@code dataDir}, formatting it first if it holds no cluster yet.
   *
   * @param port PLAINTEXT port on 127.0.0.1; 0 picks a free one
   * @param overrides broker properties applied over the single-node defaults
   */
  public static EmbeddedKafkaBroker start(Path dataDir, int port, Map<String, String> overrides) {
    if (BrokerCredentials.exist(dataDir)) {
      // started open, a secured directory would serve everyone what its ACLs keep from them
      throw new IllegalStateException(
          dataDir
              + " holds a secured broker ("
              + BrokerCredentials.folderOf(dataDir)
              + "): start it secured (up --secure)");
    }
    return start(dataDir, port, overrides, null);
  }

  /**
   * Starts with SASL/SCRAM and ACLs enforced: no client gets in without the credentials beside
   * {@code dataDir} ({@link #credentials()}), drawn when the directory is new. A directory that was
   * first started open has no users and is refused.
   */
  public static EmbeddedKafkaBroker startSecure(Path dataDir, int port) {
    if (Files.exists(dataDir.resolve("meta.properties")) && !BrokerCredentials.exist(dataDir)) {
      throw new IllegalStateException(
          dataDir
              + " holds a broker started without --secure, which has no users: secure a new"
              + " Kafka folder instead");
    }
    return start(dataDir, port, Map.of(), BrokerCredentials.createOrLoad(dataDir));
  }

  private static EmbeddedKafkaBroker start(
      Path dataDir, int port, Map<String, String> overrides, BrokerCredentials credentials) {
    int brokerPort = port == 0 ? FreePorts.pick() : port;
    Properties props =
        SingleNodeBrokerConfig.create(
            dataDir, brokerPort, FreePorts.pick(), overrides, credentials);
    KafkaConfig config = KafkaConfig.fromProps(props, false);
    long startNanos = System.nanoTime();
    try {
      KraftStorage.formatIfNeeded(dataDir, config, credentials);
    } catch (Exception e) {
      throw new IllegalStateException("cannot format Kafka log dir " + dataDir, e);
    }
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    String bootstrap = SingleNodeBrokerConfig.HOST + ":" + brokerPort;
    try {
      // Blocks until the broker is unfenced; the admin round trip proves clients get through.
      server.startup();
      awaitReady(bootstrap, credentials);
    } catch (RuntimeException e) {
      shutDown(server);
      throw e;
    }
    log.info(
        "Kafka broker on {} ready in {} ms (data in {})",
        bootstrap,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
        dataDir);
    return new EmbeddedKafkaBroker(
        server, dataDir, brokerPort, bootstrap, Optional.ofNullable(credentials));
  }

  /** The {@code bootstrap.servers} value for clients of this broker. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The users of a secured broker; empty for an open one. */
  public Optional<BrokerCredentials> credentials() {
    return credentials;
  }

  /** The port clients connect to; a broker started again on {@link #dataDir()} may reuse it. */
  public int port() {
    return port;
  }

  /** Shuts the broker down and waits until its threads have stopped; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    shutDown(server);
    log.info("Kafka broker on {} stopped", bootstrapServers);
  }

  private static void shutDown(KafkaRaftServer server) {
    server.shutdown();
    server.awaitShutdown();
  }

  private static void awaitReady(String bootstrap, BrokerCredentials credentials) {
    Map<String, Object> adminProps = new HashMap<>();
    if (credentials != null) {
      credentials.client(BrokerCredentials.ADMIN).forEach((k, v) -> adminProps.put((String) k, v));
    }
    adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis());
    int nodes;
    try (Admin admin = Admin.create(adminProps)) {
      nodes =
          admin
              .describeCluster()
              .nodes()
              .get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .size();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for broker on " + bootstrap, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("broker on " + bootstrap + " not ready", e);
    }
    if (nodes == 0) {
      throw new IllegalStateException("broker on " + bootstrap + " reports no live nodes");
    }
  }
}
