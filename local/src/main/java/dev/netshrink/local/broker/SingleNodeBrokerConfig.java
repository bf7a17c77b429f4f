package dev.netshrink.local.broker;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/** Server properties for one process that is both the only KRaft controller and the only broker. */
final class SingleNodeBrokerConfig {

  static final int NODE_ID = 1;
  static final String BROKER_LISTENER = "PLAINTEXT";
  static final String CONTROLLER_LISTENER = "CONTROLLER";
  static final String HOST = "127.0.0.1";

  private SingleNodeBrokerConfig() {}

  static Properties create(
      Path dataDir, int brokerPort, int controllerPort, Map<String, String> overrides) {
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(NODE_ID));
    // A static voter set (kraft.version 0) keeps the controller address out of the metadata
    // log, so a restart may pick a different free controller port.
    props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    props.put(
        "listeners",
        BROKER_LISTENER
            + "://"
            + HOST
            + ":"
            + brokerPort
            + ","
            + CONTROLLER_LISTENER
            + "://"
            + HOST
            + ":"
            + controllerPort);
    props.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
    props.put(
        "listener.security.protocol.map",
        BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    props.put("inter.broker.listener.name", BROKER_LISTENER);
    props.put("log.dirs", dataDir.toAbsolutePath().toString());

    // Internal topics default to replication factor 3, which a single node cannot satisfy.
    props.put("default.replication.factor", "1");
    props.put("min.insync.replicas", "1");
    props.put("offsets.topic.replication.factor", "1");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    // 50 offsets partitions are created on the first group join; one node needs few.
    props.put("offsets.topic.num.partitions", "4");
    props.put("transaction.state.log.num.partitions", "4");

    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("num.partitions", "1");
    props.put("auto.create.topics.enable", "false");

    // Size-based retention: under the defaults a benchmark once filled 18 GB of disk.
    props.put("log.retention.bytes", String.valueOf(256L * 1024 * 1024));
    props.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
    // Checkpoint chunks are ~900 KB; leave headroom over the 1 MB default.
    props.put("message.max.bytes", String.valueOf(2 * 1024 * 1024));
    props.put("replica.fetch.max.bytes", String.valueOf(2 * 1024 * 1024));
    // The cleaner allocates its dedupe buffer eagerly on the heap (128 MB by default); our
    // compacted topics hold few keys.
    props.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));

    props.putAll(overrides);
    return props;
  }
}
