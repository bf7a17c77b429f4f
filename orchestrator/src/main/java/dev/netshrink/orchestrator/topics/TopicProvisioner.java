package dev.netshrink.orchestrator.topics;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics netshrink needs if they are missing. Safe to run on every startup: topics that
 * already exist are left exactly as they are (their settings are not compared or altered).
 */
public final class TopicProvisioner {

  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

  private final Admin admin;
  private final Duration timeout;

  /**
   * @param admin used but not closed; the caller owns it
   */
  public TopicProvisioner(Admin admin, Duration timeout) {
    this.admin = admin;
    this.timeout = timeout;
  }

  /**
   * Creates every missing topic and waits until the controller has accepted all of them.
   *
   * @return the names of the topics created by this call
   * @throws TimeoutException if the broker has not answered for every topic within the timeout
   * @throws KafkaException if a topic could not be created for another reason
   */
  public Set<String> ensure(Collection<TopicSpec> specs)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    CreateTopicsOptions options = new CreateTopicsOptions().timeoutMs((int) timeout.toMillis());
    Map<String, KafkaFuture<Void>> results =
        admin.createTopics(specs.stream().map(TopicSpec::toNewTopic).toList(), options).values();
    Set<String> created = new LinkedHashSet<>();
    for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
      if (awaitCreation(result.getKey(), result.getValue(), deadline)) {
        created.add(result.getKey());
      }
    }
    if (!created.isEmpty()) {
      awaitVisible(created, deadline);
      awaitLeaders(created, deadline);
      log.info("Created topics {}", created);
    }
    return created;
  }

  /**
   * A described topic can still have partitions whose broker has not taken up leadership: a
   * producer writing at once got NOT_LEADER_OR_FOLLOWER for its first batch while later ones were
   * appended, and its idempotent retries then failed with OutOfOrderSequence until the delivery
   * timeout (seen with `bench transport`, Kafka 4.4, single node). Listing offsets goes to each
   * partition's leader, so it only succeeds once every partition is served.
   */
  private void awaitLeaders(Set<String> topics, long deadline)
      throws InterruptedException, TimeoutException {
    Map<TopicPartition, OffsetSpec> partitions = new java.util.HashMap<>();
    try {
      admin
          .describeTopics(topics)
          .allTopicNames()
          .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
          .forEach(
              (name, description) ->
                  description
                      .partitions()
                      .forEach(
                          p ->
                              partitions.put(
                                  new TopicPartition(name, p.partition()), OffsetSpec.latest())));
    } catch (ExecutionException e) {
      throw new KafkaException("cannot describe topics " + topics, e.getCause());
    }
    while (true) {
      try {
        admin
            .listOffsets(partitions)
            .all()
            .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof org.apache.kafka.common.errors.RetriableException)) {
          throw new KafkaException("cannot list offsets of " + topics, e.getCause());
        }
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("topics " + topics + " created but not led in time");
      }
      Thread.sleep(50);
    }
  }

  /**
   * The controller accepting a topic does not mean brokers serve it yet; a consumer asking for its
   * partitions a moment later would get none. Wait until the topics can be described.
   */
  private void awaitVisible(Set<String> topics, long deadline)
      throws InterruptedException, TimeoutException {
    while (true) {
      try {
        admin
            .describeTopics(topics)
            .allTopicNames()
            .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw new KafkaException("cannot describe topics " + topics, e.getCause());
        }
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("topics " + topics + " created but not visible in time");
      }
      Thread.sleep(50);
    }
  }

  /** Convenience for a fixed list of specs. */
  public Set<String> ensure(TopicSpec... specs) throws InterruptedException, TimeoutException {
    return ensure(List.of(specs));
  }

  private static boolean awaitCreation(String topic, KafkaFuture<Void> future, long deadline)
      throws InterruptedException, TimeoutException {
    try {
      future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return false;
      }
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        TimeoutException timeout = new TimeoutException("creating topic " + topic + " timed out");
        timeout.initCause(e.getCause());
        throw timeout;
      }
      throw new KafkaException("cannot create topic " + topic, e.getCause());
    } catch (TimeoutException e) {
      throw new TimeoutException("creating topic " + topic + " timed out");
    }
  }
}
