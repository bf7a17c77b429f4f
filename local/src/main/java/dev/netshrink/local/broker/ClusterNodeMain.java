package dev.netshrink.local.broker;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/**
 * One node of a local cluster ({@link ClusterNodeConfig}) in a JVM of its own, so that it can die
 * the way a machine does: SIGKILL, no controlled shutdown, no goodbye to the controller. Arguments:
 * {@code ID DIR BROKER_PORT CONTROLLER_PORT VOTERS NODES CLUSTER_ID [--parent-pid PID]}; with a
 * parent, it stops when the parent does (no broker outlives a test run). SIGTERM shuts it down
 * cleanly.
 */
public final class ClusterNodeMain {

  private ClusterNodeMain() {}

  public static void main(String[] args) throws Exception {
    List<String> a = Arrays.asList(args);
    if (a.size() != 7 && !(a.size() == 9 && a.get(7).equals("--parent-pid"))) {
      System.err.println(
          "usage: ClusterNodeMain ID DIR BROKER_PORT CONTROLLER_PORT VOTERS NODES CLUSTER_ID"
              + " [--parent-pid PID]");
      System.exit(2);
    }
    int id = Integer.parseInt(a.get(0));
    Path dir = Path.of(a.get(1));
    KafkaConfig config =
        KafkaConfig.fromProps(
            ClusterNodeConfig.create(
                dir,
                id,
                Integer.parseInt(a.get(2)),
                Integer.parseInt(a.get(3)),
                a.get(4),
                Integer.parseInt(a.get(5))),
            false);
    KraftStorage.formatIfNeeded(dir, config, null, a.get(6));
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.shutdown();
                  server.awaitShutdown();
                }));
    if (a.size() == 9) {
      ProcessHandle parent = ProcessHandle.of(Long.parseLong(a.get(8))).orElse(null);
      if (parent == null) {
        System.exit(0);
      }
      Thread watcher =
          new Thread(
              () -> {
                parent.onExit().join();
                System.exit(0);
              },
              "parent-watch");
      watcher.setDaemon(true);
      watcher.start();
    }
    server.startup();
    server.awaitShutdown();
  }
}
