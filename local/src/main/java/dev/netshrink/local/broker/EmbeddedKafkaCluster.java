package dev.netshrink.local.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small Apache Kafka cluster in this process, for trying replication and failover on one machine:
 * {@code size} nodes, each a KRaft controller and a broker on its own loopback ports and its own
 * folder ({@code node-1}, {@code node-2}, ...), topics replicated to three nodes with two in sync
 * ({@link ClusterNodeConfig}). A node can be stopped (a controlled shutdown: its partitions'
 * leadership moves first) and started again while the others serve. Data survives {@link #close()}.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  /** One node; {@code server} is null while it is stopped. */
  private static final class Node {
    final int id;
    final Path dir;
    final int brokerPort;
    final int controllerPort;
    KafkaRaftServer server;

    Node(int id, Path dir, int brokerPort, int controllerPort) {
      this.id = id;
      this.dir = dir;
      this.brokerPort = brokerPort;
      this.controllerPort = controllerPort;
    }
  }

  private final List<Node> nodes;
  private final String voters;
  private final String clusterId;
  private boolean closed;

  private EmbeddedKafkaCluster(List<Node> nodes, String voters, String clusterId) {
    this.nodes = nodes;
    this.voters = voters;
    this.clusterId = clusterId;
  }

  /**
   * Starts {@code size} nodes on {@code dataDir}, formatting their folders when new.
   *
   * @param firstPort the first node's client port, the next nodes' the ports after it; 0 picks free
   *     ones
   */
  public static EmbeddedKafkaCluster start(Path dataDir, int size, int firstPort) {
    if (size < 2) {
      throw new IllegalArgumentException("a cluster has at least 2 nodes, got " + size);
    }
    if (Files.exists(dataDir.resolve("meta.properties"))) {
      throw new IllegalStateException(
          dataDir + " holds a single broker: give the cluster a new Kafka folder");
    }
    List<Node> nodes = new ArrayList<>();
    for (int id = 1; id <= size; id++) {
      nodes.add(
          new Node(
              id,
              dataDir.resolve("node-" + id),
              firstPort == 0 ? FreePorts.pick() : firstPort + id - 1,
              FreePorts.pick()));
    }
    String voters =
        nodes.stream()
            .map(n -> n.id + "@" + SingleNodeBrokerConfig.HOST + ":" + n.controllerPort)
            .collect(Collectors.joining(","));
    EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(nodes, voters, clusterIdOf(nodes));
    long startNanos = System.nanoTime();
    try {
      // each node's startup waits for a controller quorum, which needs the others: all at once
      CompletableFuture.allOf(
              nodes.stream()
                  .map(n -> CompletableFuture.runAsync(() -> cluster.startNode(n)))
                  .toArray(CompletableFuture[]::new))
          .join();
      cluster.awaitNodes(size);
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    log.info(
        "Kafka cluster of {} nodes on {} ready in {} ms (data in {})",
        size,
        cluster.bootstrapServers(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
        dataDir);
    return cluster;
  }

  /** Every node's client address, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return nodes.stream()
        .map(n -> SingleNodeBrokerConfig.HOST + ":" + n.brokerPort)
        .collect(Collectors.joining(","));
  }

  public int size() {
    return nodes.size();
  }

  /** The node that leads {@code partition} of {@code topic} now. */
  public int leaderOf(String topic, int partition) {
    try (Admin admin = admin()) {
      TopicPartitionInfo info =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .get(topic)
              .partitions()
              .get(partition);
      return info.leader().id();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted asking for the leader of " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot find the leader of " + topic, e);
    }
  }

  /** Shuts node {@code id} down (controlled: its leaderships move to the others first). */
  public synchronized void stop(int id) {
    Node node = node(id);
    if (node.server != null) {
      shutDown(node.server);
      node.server = null;
      log.info("Kafka node {} stopped", id);
    }
  }

  /** Starts node {@code id} again on its folder and ports; it catches up from the others. */
  public synchronized void restart(int id) {
    Node node = node(id);
    if (node.server == null) {
      startNode(node);
      awaitNodes(nodes.size());
      log.info("Kafka node {} back", id);
    }
  }

  /** Shuts every node down at once (one by one, the last ones would lose their quorum). */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    CompletableFuture.allOf(
            nodes.stream()
                .filter(n -> n.server != null)
                .map(n -> CompletableFuture.runAsync(() -> shutDown(n.server)))
                .toArray(CompletableFuture[]::new))
        .join();
    nodes.forEach(n -> n.server = null);
    log.info("Kafka cluster on {} stopped", bootstrapServers());
  }

  private Node node(int id) {
    if (id < 1 || id > nodes.size()) {
      throw new IllegalArgumentException("no node " + id + " in a cluster of " + nodes.size());
    }
    return nodes.get(id - 1);
  }

  private void startNode(Node node) {
    KafkaConfig config =
        KafkaConfig.fromProps(
            ClusterNodeConfig.create(
                node.dir, node.id, node.brokerPort, node.controllerPort, voters, nodes.size()),
            false);
    try {
      KraftStorage.formatIfNeeded(node.dir, config, null, clusterId);
    } catch (Exception e) {
      throw new IllegalStateException("cannot format Kafka log dir " + node.dir, e);
    }
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException e) {
      shutDown(server);
      throw e;
    }
    node.server = server;
  }

  /** Waits until {@code count} brokers are registered and answer. */
  private void awaitNodes(int count) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    try (Admin admin = admin()) {
      while (true) {
        int live =
            admin
                .describeCluster()
                .nodes()
                .get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .size();
        if (live >= count) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "only " + live + " of " + count + " Kafka nodes joined on " + bootstrapServers());
        }
        Thread.sleep(200);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for the cluster", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cluster on " + bootstrapServers() + " not ready", e);
    }
  }

  private Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            (int) READY_TIMEOUT.toMillis()));
  }

  /** A cluster started before keeps its id; a new one draws one for all its nodes. */
  private static String clusterIdOf(List<Node> nodes) {
    try {
      for (Node n : nodes) {
        Optional<String> id = KraftStorage.clusterIdOf(n.dir);
        if (id.isPresent()) {
          return id.get();
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the cluster id of " + nodes.get(0).dir, e);
    }
    return Uuid.randomUuid().toString();
  }

  private static void shutDown(KafkaRaftServer server) {
    server.shutdown();
    server.awaitShutdown();
  }
}
