package dev.netshrink.orchestrator.ingest;

import dev.netshrink.orchestrator.campaign.CampaignManager;
import dev.netshrink.orchestrator.pool.WorkerPool;
import dev.netshrink.protocol.kafka.DeadLetters;
import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the orchestrator's Kafka consumer on its own thread (polling blocks, actors must not) and
 * turns records into actor messages. On start it replays the campaigns and events topics from the
 * beginning, then tells the campaigns the replay is over; heartbeats are read from the end, since
 * only fresh ones say anything about who is alive.
 */
public final class EventIngest implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventIngest.class);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Topics topics;
  private final DeadLetters deadLetters;
  private final ActorRef<CampaignManager.Command> manager;
  private final ActorRef<WorkerPool.Command> pool;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  /** Written by the ingest thread only, read by metrics scrapes. */
  private final AtomicLong eventsProcessed = new AtomicLong();

  private volatile long eventLag = -1;
  private List<TopicPartition> eventPartitions = List.of();

  public EventIngest(
      KafkaSettings kafka,
      Topics topics,
      DeadLetters deadLetters,
      ActorRef<CampaignManager.Command> manager,
      ActorRef<WorkerPool.Command> pool) {
    this.consumer = new KafkaConsumer<>(kafka.consumer(null, "netshrink-orchestrator-ingest"));
    this.topics = topics;
    this.deadLetters = deadLetters;
    this.manager = manager;
    this.pool = pool;
    this.thread = new Thread(this::run, "netshrink-event-ingest");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  public long eventsProcessed() {
    return eventsProcessed.get();
  }

  /**
   * Records on the events topic not yet read, as of the last poll; NaN until the first poll. Read
   * from the consumer's own fetch positions (no broker round trip), on the ingest thread, because a
   * KafkaConsumer may only be touched by one thread.
   */
  public double eventLag() {
    long lag = eventLag;
    return lag < 0 ? Double.NaN : lag;
  }

  private void run() {
    try {
      // how finished campaigns ended first: their events may have expired, and they must not run
      // again from their submissions
      List<TopicPartition> outcomes = partitions(topics.outcomes().name());
      consumer.assign(outcomes);
      consumer.seekToBeginning(outcomes);
      drainTo(consumer.endOffsets(outcomes));
      // then the finished trials of campaigns still running, read back should their events be gone
      List<TopicPartition> trials = partitions(topics.trialOutcomes().name());
      consumer.assign(trials);
      consumer.seekToBeginning(trials);
      drainTo(consumer.endOffsets(trials));
      List<TopicPartition> campaigns = partitions(topics.campaigns().name());
      List<TopicPartition> events = partitions(topics.events().name());
      eventPartitions = events;
      List<TopicPartition> workers = partitions(topics.workers().name());
      List<TopicPartition> all = new ArrayList<>(campaigns);
      all.addAll(events);
      all.addAll(workers);
      consumer.assign(campaigns);
      consumer.seekToBeginning(campaigns);
      drainTo(consumer.endOffsets(campaigns));
      consumer.assign(all);
      consumer.seekToBeginning(events);
      consumer.seekToEnd(workers);
      drainTo(consumer.endOffsets(events));
      manager.tell(CampaignManager.ReplayFinished.INSTANCE);
      log.info("replayed the campaign log; following it live");
      while (running.get()) {
        pollOnce();
      }
    } catch (WakeupException e) {
      if (running.get()) {
        log.error(
            "event ingest woken up while running; the orchestrator no longer follows the log", e);
      }
    } catch (RuntimeException | Error e) {
      log.error("event ingest stopped; the orchestrator no longer follows the log", e);
      throw e;
    } finally {
      consumer.close();
    }
  }

  /** Undecodable records never throw here (they are dead-lettered); a client error is retried. */
  private void pollOnce() {
    try {
      handle(consumer.poll(Duration.ofMillis(500)));
      updateLag();
    } catch (WakeupException e) {
      throw e;
    } catch (RuntimeException e) {
      log.error("polling the event log failed; retrying in 1 s", e);
      sleepQuietly();
    }
  }

  private void updateLag() {
    if (!consumer.assignment().containsAll(eventPartitions)) {
      return; // still replaying the campaigns topic alone
    }
    long lag = 0;
    for (TopicPartition partition : eventPartitions) {
      OptionalLong partitionLag = consumer.currentLag(partition);
      if (partitionLag.isEmpty()) {
        return; // not known until a fetch has returned for that partition: keep the last value
      }
      lag += partitionLag.getAsLong();
    }
    eventLag = lag;
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private List<TopicPartition> partitions(String topic) {
    return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(topic, p.partition()))
        .toList();
  }

  private void drainTo(Map<TopicPartition, Long> end) {
    while (running.get()
        && end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
      handle(consumer.poll(Duration.ofMillis(200)));
      updateLag();
    }
  }

  private void handle(ConsumerRecords<byte[], byte[]> records) {
    for (ConsumerRecord<byte[], byte[]> rec : records.records(topics.outcomes().name())) {
      deadLetters
          .decode(topics.outcomes(), rec)
          .ifPresent(d -> manager.tell(new CampaignManager.OutcomeReplayed(d.value())));
    }
    for (ConsumerRecord<byte[], byte[]> rec : records.records(topics.trialOutcomes().name())) {
      deadLetters
          .decode(topics.trialOutcomes(), rec)
          .filter(d -> d.value() != null)
          .ifPresent(d -> manager.tell(new CampaignManager.TrialOutcomeReplayed(d.value())));
    }
    // submissions first: a campaign's events can only follow its submission
    for (ConsumerRecord<byte[], byte[]> rec : records.records(topics.campaigns().name())) {
      deadLetters
          .decode(topics.campaigns(), rec)
          .ifPresent(
              d -> {
                if (d.value() != null) {
                  manager.tell(new CampaignManager.Submitted(d.value()));
                }
              });
    }
    for (ConsumerRecord<byte[], byte[]> rec : records.records(topics.events().name())) {
      deadLetters
          .decode(topics.events(), rec)
          .ifPresent(
              d -> {
                manager.tell(new CampaignManager.EventReceived(d.value()));
                eventsProcessed.incrementAndGet();
              });
    }
    for (ConsumerRecord<byte[], byte[]> rec : records.records(topics.workers().name())) {
      deadLetters
          .decode(topics.workers(), rec)
          .ifPresent(d -> pool.tell(new WorkerPool.HeartbeatReceived(d.value())));
    }
  }

  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
