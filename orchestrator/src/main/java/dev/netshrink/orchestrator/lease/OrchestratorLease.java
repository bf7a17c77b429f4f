package dev.netshrink.orchestrator.lease;

import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.topic.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which orchestrator may act: the one whose consumer holds the single partition of the lease topic
 * in the lease group. Orchestrators started with the same settings all join; Kafka's group
 * coordinator gives the partition to one, and to another only when that one leaves (a clean stop
 * hands it over at once) or its session times out (its host died or was cut off). The others wait
 * as standbys.
 *
 * <p>A holder cut off from the coordinator cannot hear that it lost the lease, so it gives it up by
 * itself: every second it asks the coordinator a question (the lease partition's committed offset),
 * and when none has been answered for 60% of the session timeout it calls {@code onLost}, before
 * the coordinator can have evicted it (it waits the whole timeout from the last heartbeat it got)
 * and long before a standby has been given the partition. So two orchestrators never act at once,
 * as long as the session timeout is longer than the brokers take to move a dead node's partitions
 * (the probe fails while the coordinator moves).
 */
public final class OrchestratorLease implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OrchestratorLease.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final long PROBE_EVERY_MS = 1_000;
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

  private final TopicPartition partition;
  private final Duration session;
  private final long fenceAfterMs;
  private final Consumer<String> onLost;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final CountDownLatch acquired = new CountDownLatch(1);
  private final AtomicBoolean held = new AtomicBoolean();
  private final AtomicBoolean lost = new AtomicBoolean();
  private final Thread thread;
  private volatile boolean closing;
  private long lastContactMs;
  private long lastProbeMs;

  /**
   * Joins the lease group; {@code onLost} is called once, with the reason, if the lease is held and
   * then lost (the caller must stop acting at once: the process exits).
   */
  public OrchestratorLease(
      KafkaSettings kafka,
      Topics topics,
      String holder,
      Duration session,
      Consumer<String> onLost) {
    this.partition = new TopicPartition(topics.orchestratorLease().name(), 0);
    this.session = session;
    this.fenceAfterMs = session.toMillis() * 6 / 10;
    this.onLost = onLost;
    Properties p = kafka.consumer(topics.orchestratorLeaseGroup(), "netshrink-lease-" + holder);
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) session.toMillis());
    p.put(
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.min(1_000, session.toMillis() / 5));
    // only the partition that moves is revoked: a standby joining does not take it away for a
    // moment from the holder, as an eager rebalance would
    p.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
    this.consumer = new KafkaConsumer<>(p);
    this.thread = new Thread(this::run, "netshrink-lease");
    thread.setDaemon(true);
    thread.start();
  }

  /** Waits until this orchestrator holds the lease; false when {@code timeout} passed first. */
  public boolean awaitAcquired(Duration timeout) throws InterruptedException {
    return acquired.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean held() {
    return held.get() && !lost.get();
  }

  public Duration sessionTimeout() {
    return session;
  }

  private void run() {
    try {
      consumer.subscribe(List.of(partition.topic()), new Listener());
      while (!closing) {
        consumer.poll(POLL);
        long now = System.currentTimeMillis();
        if (held.get() && now - lastProbeMs >= PROBE_EVERY_MS) {
          lastProbeMs = now;
          probe();
          if (System.currentTimeMillis() - lastContactMs > fenceAfterMs) {
            lose("no answer from the group coordinator for " + fenceAfterMs + " ms");
          }
        }
      }
    } catch (WakeupException closed) {
      // close() woke the poll
    } catch (KafkaException e) {
      // a holder must stop acting, and a standby that can no longer wait must not look alive
      log.error("the orchestrator lease consumer failed", e);
      if (lost.compareAndSet(false, true)) {
        onLost.accept("the lease consumer failed: " + e);
      }
    } finally {
      consumer.close(Duration.ofSeconds(5)); // leaves the group: a standby gets the lease now
    }
  }

  private void probe() {
    try {
      consumer.committed(Set.of(partition), PROBE_TIMEOUT);
      lastContactMs = System.currentTimeMillis();
    } catch (org.apache.kafka.common.errors.TimeoutException | WakeupException e) {
      if (closing) {
        throw new WakeupException();
      }
    } catch (KafkaException unreachable) {
      // counted by the time since the last answer
    }
  }

  private void lose(String reason) {
    if (held.get() && lost.compareAndSet(false, true)) {
      log.error("lost the orchestrator lease: {}", reason);
      onLost.accept(reason);
    }
  }

  private final class Listener implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.contains(partition) && held.compareAndSet(false, true)) {
        lastContactMs = System.currentTimeMillis();
        log.info("holding the orchestrator lease ({})", partition);
        acquired.countDown();
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.contains(partition) && !closing) {
        lose("the group coordinator gave the lease to another orchestrator");
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      if (partitions.contains(partition) && !closing) {
        lose("the group coordinator evicted this orchestrator from the lease group");
      }
    }
  }

  /** Leaves the group, so that a standby takes over at once. */
  @Override
  public void close() throws InterruptedException {
    closing = true;
    consumer.wakeup();
    thread.join(10_000);
  }
}
