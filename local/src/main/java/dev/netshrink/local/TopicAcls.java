package dev.netshrink.local;

import dev.netshrink.local.broker.BrokerCredentials;
import dev.netshrink.protocol.topic.TopicDescriptor;
import dev.netshrink.protocol.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on netshrink's topics once a broker enforces ACLs. Everyone may read and describe
 * every topic under the prefix; only the orchestrator writes submissions, assignments and outcomes
 * (of campaigns and of trials; and creates topics); only workers write heartbeats, logits and
 * checkpoints; both write events (reports from workers, decisions from the orchestrator) and dead
 * letters. The same list is in the deploy notes for a cluster (kafka-acls.sh).
 */
public final class TopicAcls {

  private TopicAcls() {}

  public static List<AclBinding> of(Topics topics) {
    List<AclBinding> acls = new ArrayList<>();
    for (String user : List.of(BrokerCredentials.ORCHESTRATOR, BrokerCredentials.WORKER)) {
      for (AclOperation op : List.of(AclOperation.READ, AclOperation.DESCRIBE)) {
        acls.add(prefixed(topics.prefix(), user, op));
      }
    }
    acls.add(prefixed(topics.prefix(), BrokerCredentials.ORCHESTRATOR, AclOperation.CREATE));
    // orchestrators join the lease group (OrchestratorLease): the holder is the one that acts
    acls.add(
        new AclBinding(
            new ResourcePattern(
                ResourceType.GROUP, topics.orchestratorLeaseGroup(), PatternType.LITERAL),
            allow(BrokerCredentials.ORCHESTRATOR, AclOperation.READ)));
    for (TopicDescriptor<?, ?> t :
        List.of(
            topics.campaigns(),
            topics.assignments(),
            topics.outcomes(),
            topics.trialOutcomes(),
            topics.events(),
            topics.deadLetters())) {
      acls.add(write(t, BrokerCredentials.ORCHESTRATOR));
    }
    for (TopicDescriptor<?, ?> t :
        List.of(
            topics.workers(),
            topics.logits(),
            topics.checkpoints(),
            topics.events(),
            topics.deadLetters())) {
      acls.add(write(t, BrokerCredentials.WORKER));
    }
    return acls;
  }

  /** Grants {@link #of} through {@code admin} (a super user); granting twice changes nothing. */
  public static void grant(Admin admin, Topics topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    admin.createAcls(of(topics)).all().get(30, TimeUnit.SECONDS);
  }

  private static AclBinding prefixed(String prefix, String user, AclOperation op) {
    return new AclBinding(
        new ResourcePattern(ResourceType.TOPIC, prefix, PatternType.PREFIXED), allow(user, op));
  }

  private static AclBinding write(TopicDescriptor<?, ?> topic, String user) {
    return new AclBinding(
        new ResourcePattern(ResourceType.TOPIC, topic.name(), PatternType.LITERAL),
        allow(user, AclOperation.WRITE));
  }

  private static AccessControlEntry allow(String user, AclOperation op) {
    return new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW);
  }
}
