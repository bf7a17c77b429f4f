package dev.netshrink.local.broker;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Server properties for one node of a small local cluster: each node is a KRaft controller and a
 * broker, as in the single-node setup, with every topic replicated to up to three nodes and writes
 * acknowledged by two (acks=all, so one node may die without losing an acknowledged record).
 */
final class ClusterNodeConfig {

  private ClusterNodeConfig() {}

  /**
   * @param voters the controller quorum, {@code id@host:port,...}, the same for every node
   * @param size the cluster's node count
   */
  static Properties create(
      Path nodeDir, int nodeId, int brokerPort, int controllerPort, String voters, int size) {
    return create(
        SingleNodeBrokerConfig.HOST, nodeDir, nodeId, brokerPort, controllerPort, voters, size);
  }

  /** {@code host}: this node's address, which it binds and advertises (a host of its own). */
  static Properties create(
      String host,
      Path nodeDir,
      int nodeId,
      int brokerPort,
      int controllerPort,
      String voters,
      int size) {
    Properties props =
        SingleNodeBrokerConfig.create(host, nodeDir, brokerPort, controllerPort, Map.of(), null);
    props.put("node.id", String.valueOf(nodeId));
    props.put("controller.quorum.voters", voters);
    String replicas = String.valueOf(Math.min(3, size));
    // two in sync of three: a write survives one node's death, and one node may be down
    String minInSync = size >= 3 ? "2" : "1";
    props.put("default.replication.factor", replicas);
    props.put("min.insync.replicas", minInSync);
    props.put("offsets.topic.replication.factor", replicas);
    props.put("transaction.state.log.replication.factor", replicas);
    props.put("transaction.state.log.min.isr", minInSync);
    props.put("share.coordinator.state.topic.replication.factor", replicas);
    props.put("share.coordinator.state.topic.min.isr", minInSync);
    // A node that dies without a goodbye is fenced when its session times out, and only then do
    // its partitions get new leaders: 9 s by default, during which writes to them wait. Our
    // workers' heartbeats are among those writes, and the orchestrator's heartbeat timeout (10 s)
    // must outlast the wait, so the local cluster fences in 4 s.
    props.put("broker.session.timeout.ms", "4000");
    props.put("broker.heartbeat.interval.ms", "1000");
    return props;
  }
}
