package dev.netshrink.local.broker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/**
 * One node of a local cluster ({@link ClusterNodeConfig}) in a JVM of its own, so that it can die
 * the way a machine does: SIGKILL, no controlled shutdown, no goodbye to the controller. Arguments:
 * {@code ID DIR BROKER_PORT CONTROLLER_PORT VOTERS NODES CLUSTER_ID [--host HOST] [--parent-pid
 * PID]}; {@code --host} is the address it binds and advertises (127.0.0.1 by default; a host's own
 * address when the node runs in a network namespace of its own); with a parent, it stops when the
 * parent does (no broker outlives a test run). SIGTERM shuts it down cleanly.
 */
public final class ClusterNodeMain {

  private static final String USAGE =
      "usage: ClusterNodeMain ID DIR BROKER_PORT CONTROLLER_PORT VOTERS NODES CLUSTER_ID"
          + " [--host HOST] [--parent-pid PID]";

  private ClusterNodeMain() {}

  public static void main(String[] args) throws Exception {
    List<String> a = new ArrayList<>(Arrays.asList(args));
    String host = option(a, "--host");
    String parentPid = option(a, "--parent-pid");
    if (a.size() != 7) {
      System.err.println(USAGE);
      System.exit(2);
    }
    int id = Integer.parseInt(a.get(0));
    Path dir = Path.of(a.get(1));
    KafkaConfig config =
        KafkaConfig.fromProps(
            ClusterNodeConfig.create(
                host == null ? SingleNodeBrokerConfig.HOST : host,
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
    if (parentPid != null) {
      ProcessHandle parent = ProcessHandle.of(Long.parseLong(parentPid)).orElse(null);
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

  /** Removes {@code name VALUE} from {@code args}; returns VALUE, or null when absent. */
  private static String option(List<String> args, String name) {
    int at = args.indexOf(name);
    if (at < 0 || at + 1 >= args.size()) {
      return null;
    }
    String value = args.remove(at + 1);
    args.remove(at);
    return value;
  }
}
