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

  /** A SASL listener for clients (SCRAM) and SASL/PLAIN to the controller, with ACLs enforced. */
  static final String SECURE_LISTENER = "CLIENT";

  static Properties create(
      Path dataDir, int brokerPort, int controllerPort, Map<String, String> overrides) {
    return create(dataDir, brokerPort, controllerPort, overrides, null);
  }

  /** {@code credentials} null: PLAINTEXT, open to every local process. */
  static Properties create(
      Path dataDir,
      int brokerPort,
      int controllerPort,
      Map<String, String> overrides,
      BrokerCredentials credentials) {
    return create(HOST, dataDir, brokerPort, controllerPort, overrides, credentials);
  }

  /** {@code host}: the address both listeners bind and the broker advertises to clients. */
  static Properties create(
      String host,
      Path dataDir,
      int brokerPort,
      int controllerPort,
      Map<String, String> overrides,
      BrokerCredentials credentials) {
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(NODE_ID));
    // A static voter set (kraft.version 0) keeps the controller address out of the metadata
    // log, so a restart may pick a different free controller port.
    props.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    listeners(props, host, BROKER_LISTENER, "PLAINTEXT", brokerPort, controllerPort);
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

    if (credentials != null) {
      secure(props, host, brokerPort, controllerPort, credentials);
    }
    props.putAll(overrides);
    return props;
  }

  /** The client listener {@code name} and the controller's, both with {@code protocol}. */
  private static void listeners(
      Properties props,
      String host,
      String name,
      String protocol,
      int brokerPort,
      int controllerPort) {
    String client = name + "://" + host + ":" + brokerPort;
    props.put(
        "listeners", client + "," + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
    props.put("advertised.listeners", client);
    props.put(
        "listener.security.protocol.map",
        name + ":" + protocol + "," + CONTROLLER_LISTENER + ":" + protocol);
    props.put("inter.broker.listener.name", name);
  }

  /**
   * Clients authenticate with SCRAM-SHA-512 (users bootstrapped when the log directory is
   * formatted); the broker reaches its own controller with SASL/PLAIN as admin, because KRaft
   * controllers cannot check SCRAM (its credentials live in the metadata they serve). The
   * StandardAuthorizer denies what no ACL allows; admin is the only super user.
   */
  private static void secure(
      Properties props,
      String host,
      int brokerPort,
      int controllerPort,
      BrokerCredentials credentials) {
    String admin = BrokerCredentials.ADMIN;
    String password = credentials.password(admin);
    String client = SECURE_LISTENER.toLowerCase(java.util.Locale.ROOT);
    listeners(props, host, SECURE_LISTENER, "SASL_PLAINTEXT", brokerPort, controllerPort);
    props.put("sasl.mechanism.inter.broker.protocol", BrokerCredentials.MECHANISM);
    props.put("sasl.mechanism.controller.protocol", "PLAIN");
    props.put("listener.name." + client + ".sasl.enabled.mechanisms", BrokerCredentials.MECHANISM);
    props.put(
        "listener.name." + client + ".scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + admin
            + "\" password=\""
            + password
            + "\";");
    props.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
    props.put(
        "listener.name.controller.plain.sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
            + admin
            + "\" password=\""
            + password
            + "\" user_"
            + admin
            + "=\""
            + password
            + "\";");
    props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    props.put("super.users", "User:" + admin);
  }
}
