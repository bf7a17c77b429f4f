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
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

/**
 * A 3-node KRaft cluster whose nodes are JVMs of their own ({@link ClusterNodeMain}), so a test can
 * kill one with SIGKILL, as a machine dies, and start it again on its folder and ports: on loopback
 * ports, or each node on a host of its own ({@link NetworkHosts}) at its host's address.
 */
final class KafkaNodeProcesses implements AutoCloseable {

  private static final int BROKER_PORT = 9092;
  private static final int CONTROLLER_PORT = 9093;

  private final Path dir;
  private final String[] addresses;
  private final List<List<String>> wrappers;
  private final int[] brokerPorts;
  private final int[] controllerPorts;
  private final String voters;
  private final String clusterId = Uuid.randomUuid().toString();
  private final Process[] nodes;

  /** {@code size} nodes on free loopback ports. */
  KafkaNodeProcesses(Path dir, int size) throws Exception {
    this(
        dir,
        java.util.Collections.nCopies(size, "127.0.0.1").toArray(String[]::new),
        java.util.Collections.nCopies(size, List.<String>of()),
        IntStream.range(0, size).map(i -> freePort()).toArray(),
        IntStream.range(0, size).map(i -> freePort()).toArray());
  }

  /** One node on each of {@code names}, at its address, on ports 9092 (clients) and 9093. */
  KafkaNodeProcesses(Path dir, NetworkHosts hosts, List<String> names) throws Exception {
    this(
        dir,
        names.stream().map(hosts::address).toArray(String[]::new),
        names.stream().map(hosts::on).toList(),
        IntStream.range(0, names.size()).map(i -> BROKER_PORT).toArray(),
        IntStream.range(0, names.size()).map(i -> CONTROLLER_PORT).toArray());
  }

  private KafkaNodeProcesses(
      Path dir,
      String[] addresses,
      List<List<String>> wrappers,
      int[] brokerPorts,
      int[] controllerPorts)
      throws Exception {
    this.dir = java.nio.file.Files.createDirectories(dir);
    this.addresses = addresses;
    this.wrappers = wrappers;
    this.brokerPorts = brokerPorts;
    this.controllerPorts = controllerPorts;
    int size = addresses.length;
    voters =
        IntStream.range(0, size)
            .mapToObj(i -> (i + 1) + "@" + addresses[i] + ":" + controllerPorts[i])
            .collect(Collectors.joining(","));
    nodes = new Process[size];
    try {
      for (int id = 1; id <= size; id++) {
        start(id);
      }
      awaitBrokers(size);
    } catch (Exception | AssertionError e) {
      close();
      throw e;
    }
  }

  String bootstrapServers() {
    return IntStream.range(0, addresses.length)
        .mapToObj(i -> addresses[i] + ":" + brokerPorts[i])
        .collect(Collectors.joining(","));
  }

  /** Starts node {@code id} (again) on its folder and ports. */
  void start(int id) throws Exception {
    nodes[id - 1] =
        WorkerProcesses.launch(
            wrappers.get(id - 1),
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
                clusterId,
                "--host",
                addresses[id - 1]));
  }

  /** SIGKILL: the node stops at once, in the middle of whatever it was doing. */
  void kill(int id) throws InterruptedException {
    nodes[id - 1].destroyForcibly().waitFor();
  }

  int leaderOf(String topic, int partition) throws Exception {
    try (Admin admin = admin()) {
      return describe(admin, topic, partition).leader().id();
    }
  }

  private static TopicPartitionInfo describe(Admin admin, String topic, int partition)
      throws Exception {
    return admin
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get(60, TimeUnit.SECONDS)
        .get(topic)
        .partitions()
        .get(partition);
  }

  /**
   * Makes node {@code id} the leader of {@code topic}'s {@code partition}: first in its replica
   * list, then a preferred-leader election (no data moves; the replicas stay the same).
   */
  void lead(int id, String topic, int partition) throws Exception {
    TopicPartition tp = new TopicPartition(topic, partition);
    try (Admin admin = admin()) {
      List<Integer> replicas =
          new ArrayList<>(
              describe(admin, topic, partition).replicas().stream()
                  .map(org.apache.kafka.common.Node::id)
                  .toList());
      replicas.remove(Integer.valueOf(id));
      replicas.add(0, id);
      admin
          .alterPartitionReassignments(
              Map.of(tp, java.util.Optional.of(new NewPartitionReassignment(replicas))))
          .all()
          .get(60, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (leaderOf(topic, partition) != id) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("node " + id + " does not lead " + tp);
        }
        try {
          admin
              .electLeaders(ElectionType.PREFERRED, java.util.Set.of(tp))
              .all()
              .get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException notYet) {
          // the reassignment's new order is not in place yet, or the election is already done
        }
        Thread.sleep(200);
      }
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
