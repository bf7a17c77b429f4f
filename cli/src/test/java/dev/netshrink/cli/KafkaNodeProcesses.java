package dev.netshrink.cli;

import dev.netshrink.local.WorkerProcesses;
import dev.netshrink.local.broker.ClusterNodeMain;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A 3-node KRaft cluster whose nodes are JVMs of their own ({@link ClusterNodeMain}), so a test can
 * kill one with SIGKILL, as a machine dies, and start it again on its folder and ports.
 */
final class KafkaNodeProcesses implements AutoCloseable {

  private final Path dir;
  private final int[] brokerPorts;
  private final int[] controllerPorts;
  private final String voters;
  private final String clusterId = Uuid.randomUuid().toString();
  private final Process[] nodes;

  KafkaNodeProcesses(Path dir, int size) throws Exception {
    this.dir = java.nio.file.Files.createDirectories(dir);
    brokerPorts = IntStream.range(0, size).map(i -> freePort()).toArray();
    controllerPorts = IntStream.range(0, size).map(i -> freePort()).toArray();
    voters =
        IntStream.range(0, size)
            .mapToObj(i -> (i + 1) + "@127.0.0.1:" + controllerPorts[i])
            .collect(Collectors.joining(","));
    nodes = new Process[size];
    for (int id = 1; id <= size; id++) {
      start(id);
    }
    awaitBrokers(size);
  }

  String bootstrapServers() {
    return IntStream.of(brokerPorts)
        .mapToObj(p -> "127.0.0.1:" + p)
        .collect(Collectors.joining(","));
  }

  /** Starts node {@code id} (again) on its folder and ports. */
  void start(int id) throws Exception {
    nodes[id - 1] =
        WorkerProcesses.launch(
            dir.resolve("node-" + id + ".log"),
            List.of("-Xmx400m"),
            Map.of(),
            ClusterNodeMain.class,
            List.of(
                String.valueOf(id),
                dir.resolve("node-" + id).toString(),
                String.valueOf(brokerPorts[id - 1]),
                String.valueOf(controllerPorts[id - 1]),
                voters,
                String.valueOf(nodes.length),
                clusterId));
  }

  /** SIGKILL: the node stops at once, in the middle of whatever it was doing. */
  void kill(int id) throws InterruptedException {
    nodes[id - 1].destroyForcibly().waitFor();
  }

  int leaderOf(String topic, int partition) throws Exception {
    try (Admin admin = admin()) {
      return admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(60, TimeUnit.SECONDS)
          .get(topic)
          .partitions()
          .get(partition)
          .leader()
          .id();
    }
  }

  /** Waits until {@code count} brokers are registered with the controller. */
  void awaitBrokers(int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    try (Admin admin = admin()) {
      while (admin.describeCluster().nodes().get(60, TimeUnit.SECONDS).size() < count) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("fewer than " + count + " Kafka nodes joined; logs in " + dir);
        }
        Thread.sleep(200);
      }
    }
  }

  private Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            60_000));
  }

  @Override
  public void close() throws InterruptedException {
    List<Process> alive = new ArrayList<>();
    for (Process p : nodes) {
      if (p != null && p.isAlive()) {
        p.destroy();
        alive.add(p);
      }
    }
    for (Process p : alive) {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
