package dev.netshrink.workers.runtime;

import dev.netshrink.protocol.job.Assignment;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.kafka.DeadLetters;
import dev.netshrink.protocol.kafka.RecentIds;
import dev.netshrink.protocol.kafka.RecordPublisher;
import dev.netshrink.protocol.metrics.ProcessMetrics;
import dev.netshrink.protocol.topic.KeyPartition;
import dev.netshrink.protocol.worker.Heartbeat;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker process (or, in the demo, a worker inside a shared JVM that still talks only through
 * Kafka): it announces itself with heartbeats, takes assignments addressed to it, and runs one job
 * at a time on its own job thread, reporting everything as events.
 */
public final class WorkerRuntime implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WorkerRuntime.class);
  private static final Duration TOPICS_WAIT = Duration.ofMinutes(5);

  private final WorkerSettings settings;
  private final JobRunner runner;
  private final RecordPublisher publisher;
  private final DeadLetters deadLetters;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final ScheduledExecutorService heartbeats;
  private final ExecutorService jobThread;
  private final Thread assignmentThread;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicReference<RunningJob> current = new AtomicReference<>();
  private final MetricsEndpoint metricsEndpoint;
  private final WorkerMeters meters;

  /** Touched only by the assignment thread. */
  private final RecentIds accepted = new RecentIds(1_000);

  /** Starts a worker with its own producer and the job runner of its role. */
  public static WorkerRuntime launch(WorkerSettings settings, DatasetCache datasets)
      throws IOException {
    return launch(
        settings,
        (publisher, deadLetters, meters) ->
            JobRunners.forRole(settings, publisher, deadLetters, datasets, meters));
  }

  /** Builds the job runner of a worker from the worker's own Kafka and metrics parts. */
  @FunctionalInterface
  public interface RunnerFactory {
    JobRunner create(RecordPublisher publisher, DeadLetters deadLetters, WorkerMeters meters);
  }

  /**
   * Starts a worker whose jobs {@code runners} does; everything else (heartbeats, assignments,
   * events) is the real worker's. The orchestrator benchmark runs workers that finish at once.
   */
  public static WorkerRuntime launch(WorkerSettings settings, RunnerFactory runners)
      throws IOException {
    PrometheusMeterRegistry metrics =
        ProcessMetrics.bind(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    RecordPublisher publisher = new RecordPublisher(settings.kafka(), settings.workerId());
    publisher.bindMetrics(metrics);
    DeadLetters deadLetters =
        new DeadLetters(publisher, settings.topics(), settings.workerId(), metrics);
    WorkerMeters meters = new WorkerMeters(metrics, settings.role());
    WorkerRuntime worker =
        new WorkerRuntime(
            settings,
            publisher,
            deadLetters,
            runners.create(publisher, deadLetters, meters),
            meters,
            new MetricsEndpoint(settings.metricsHost(), settings.metricsPort(), metrics));
    worker.start();
    return worker;
  }

  private WorkerRuntime(
      WorkerSettings settings,
      RecordPublisher publisher,
      DeadLetters deadLetters,
      JobRunner runner,
      WorkerMeters meters,
      MetricsEndpoint metricsEndpoint) {
    this.meters = meters;
    this.metricsEndpoint = metricsEndpoint;
    this.settings = settings;
    this.runner = runner;
    this.publisher = publisher;
    this.deadLetters = deadLetters;
    this.consumer = new KafkaConsumer<>(settings.kafka().consumer(null, settings.workerId()));
    this.heartbeats =
        Executors.newSingleThreadScheduledExecutor(
            daemon("netshrink-heartbeat-" + settings.workerId()));
    this.jobThread =
        Executors.newSingleThreadExecutor(daemon("netshrink-job-" + settings.workerId()));
    this.assignmentThread =
        daemon("netshrink-assignments-" + settings.workerId()).newThread(this::followAssignments);
  }

  public String workerId() {
    return settings.workerId();
  }

  public DeadLetters deadLetters() {
    return deadLetters;
  }

  /** Joins the system: listens for assignments first, then starts announcing itself. */
  public void start() {
    List<TopicPartition> all = awaitAssignmentPartitions();
    // the orchestrator keys each assignment by worker id: only this id's partition holds ours
    List<TopicPartition> partitions =
        List.of(all.get(KeyPartition.of(settings.workerId(), all.size())));
    consumer.assign(partitions);
    // an assignment written before this worker announced itself cannot be addressed to it
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    assignmentThread.start();
    // runs until close() shuts the executor down
    var unused =
        heartbeats.scheduleAtFixedRate(
            () -> heartbeat(false),
            0,
            settings.heartbeatInterval().toMillis(),
            TimeUnit.MILLISECONDS);
    log.info("worker {} ({}) started", settings.workerId(), settings.role().wireName());
  }

  /** A worker may start before the orchestrator has created the topics: wait for them. */
  private List<TopicPartition> awaitAssignmentPartitions() {
    String topic = settings.topics().assignments().name();
    long deadline = System.nanoTime() + TOPICS_WAIT.toNanos();
    while (true) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .sorted(java.util.Comparator.comparingInt(TopicPartition::partition))
              .toList();
      if (!partitions.isEmpty()) {
        return partitions;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "topic "
                + topic
                + " does not exist after "
                + TOPICS_WAIT.toMinutes()
                + " min: is an orchestrator running on this cluster?");
      }
      log.info("{} waits for the orchestrator to create {}", workerId(), topic);
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + topic, e);
      }
    }
  }

  private void followAssignments() {
    byte[] ownKey = settings.workerId().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try {
      while (running.get()) {
        for (ConsumerRecord<byte[], byte[]> rec : consumer.poll(Duration.ofMillis(500))) {
          // other workers' ids may hash to this partition: only records keyed by ours are ours
          if (java.util.Arrays.equals(rec.key(), ownKey)) {
            deadLetters
                .decode(settings.topics().assignments(), rec)
                .filter(d -> d.value() != null)
                .ifPresent(d -> onAssignment(d.value()));
          }
        }
      }
    } catch (WakeupException e) {
      if (running.get()) {
        log.error("{} stopped following assignments: woken up while running", workerId(), e);
      }
    } catch (RuntimeException e) {
      // a worker that can no longer hear assignments must not look available: leave the pool
      log.error("{} stopped following assignments and leaves", workerId(), e);
      heartbeats.shutdownNow();
      heartbeat(true);
    } finally {
      consumer.close();
    }
  }

  private void onAssignment(Assignment assignment) {
    if (assignment instanceof Assignment.StopJob stop) {
      RunningJob job = current.get();
      if (job != null && job.jobId().equals(stop.jobId())) {
        job.cancellation().cancel(stop.reason());
      } else if (job != null && job.members() != null) {
        Cancellation member = job.members().get(stop.jobId());
        if (member != null) {
          member.cancel(stop.reason());
        }
      }
    } else if (assignment instanceof Assignment.RunPack pack) {
      if (!accepted.firstTime(pack.jobId())) {
        log.info("{} ignores {}: delivered again", workerId(), pack.jobId());
        return;
      }
      Map<String, Cancellation> members = Collections.synchronizedMap(new LinkedHashMap<>());
      pack.memberJobIds().forEach(id -> members.put(id, new Cancellation()));
      RunningJob job = new RunningJob(pack.jobId(), new Cancellation(), members);
      if (!current.compareAndSet(null, job)) {
        log.warn("{} refuses {}: already running {}", workerId(), pack.jobId(), current.get());
        heartbeat(false);
        return;
      }
      jobThread.execute(() -> runPack(pack, job));
    } else if (assignment instanceof RunJob run) {
      if (!accepted.firstTime(run.jobId())) {
        log.info("{} ignores {}: delivered again", workerId(), run.jobId());
        return;
      }
      RunningJob job = new RunningJob(run.jobId(), new Cancellation());
      if (!current.compareAndSet(null, job)) {
        // refused, not dropped: a heartbeat now tells the pool what this worker runs instead, and
        // the pool gives the refused job to another worker
        log.warn("{} refuses {}: already running {}", workerId(), run.jobId(), current.get());
        heartbeat(false);
        return;
      }
      jobThread.execute(() -> runJob(run, job));
    }
  }

  private void runJob(RunJob run, RunningJob job) {
    // free before the end is reported: the next assignment may follow the end event within a
    // millisecond, and a worker still marked busy would ignore it (found by `bench orchestrator`)
    JobEvents events =
        new JobEvents(
            publisher, settings.topics(), run, workerId(), () -> current.compareAndSet(job, null));
    try {
      events.started();
      runner.run(run, events, job.cancellation());
      meters.jobEnded(true);
    } catch (Exception | OutOfMemoryError e) {
      meters.jobEnded(false);
      if (handedBack(e, run.jobId())) {
        return;
      }
      // one bad job never takes the worker down: report it, and stay available
      log.warn("{} failed {}: {}", workerId(), run.jobId(), e.toString());
      events.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
    } finally {
      // only this job's own entry: the next job may already have been accepted. No heartbeat
      // here or at the start: TrialStarted and the end event say it, and two records per job
      // were a third of the control path's traffic (BENCHMARKS section 5)
      current.compareAndSet(job, null);
    }
  }

  /**
   * Each member reports as its own job; the worker is free once the last one ended (before that end
   * is reported, as for one job). A throw fails every member still in the pack.
   */
  private void runPack(Assignment.RunPack pack, RunningJob job) {
    List<JobEvents> events = new ArrayList<>();
    List<Cancellation> stops = new ArrayList<>();
    for (RunJob member : pack.members()) {
      stops.add(job.members().get(member.jobId()));
      events.add(
          new JobEvents(
              publisher,
              settings.topics(),
              member,
              workerId(),
              () -> {
                job.members().remove(member.jobId());
                if (job.members().isEmpty()) {
                  current.compareAndSet(job, null);
                }
              }));
    }
    try {
      events.forEach(JobEvents::started);
      runner.runPack(pack, events, stops, job.cancellation());
      meters.jobEnded(true);
    } catch (Exception | OutOfMemoryError e) {
      meters.jobEnded(false);
      if (handedBack(e, pack.jobId())) {
        return;
      }
      log.warn("{} failed {}: {}", workerId(), pack.jobId(), e.toString());
      for (int i = 0; i < events.size(); i++) {
        if (job.members().containsKey(pack.members().get(i).jobId())) {
          events.get(i).failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
      }
    } finally {
      current.compareAndSet(job, null);
    }
  }

  /**
   * A job stopped because this worker shuts down is handed back, not failed: no failure is
   * reported, and the leaving heartbeat that follows makes the orchestrator count the attempt as
   * lost with its worker (retried elsewhere from its checkpoint, not against the trial's
   * max-attempts).
   */
  private boolean handedBack(Throwable e, String jobId) {
    if (e instanceof java.util.concurrent.CancellationException && !running.get()) {
      log.info("{} hands {} back: shutting down", workerId(), jobId);
      return true;
    }
    return false;
  }

  private void heartbeat(boolean leaving) {
    RunningJob job = current.get();
    List<String> pack = null;
    String running = job == null ? null : job.jobId();
    if (job != null && job.members() != null) {
      synchronized (job.members()) {
        pack = List.copyOf(job.members().keySet());
      }
      running = pack.isEmpty() ? null : pack.get(0);
      pack = pack.isEmpty() ? null : pack;
    }
    try {
      // a heartbeat that does not arrive is replaced by the next one: nothing to wait for
      var unused =
          publisher.publish(
              settings.topics().workers(),
              workerId(),
              new Heartbeat(
                  workerId(),
                  settings.role(),
                  running,
                  metricsEndpoint.url(),
                  System.currentTimeMillis(),
                  leaving,
                  pack));
    } catch (RuntimeException e) {
      log.warn("heartbeat of {} not sent: {}", workerId(), e.toString());
    }
  }

  /** Leaves cleanly: stops the running job (which reports itself failed) and says goodbye. */
  @Override
  public void close() {
    running.set(false);
    heartbeats.shutdownNow();
    RunningJob job = current.get();
    if (job != null) {
      job.cancellation().cancel("worker " + workerId() + " is shutting down");
    }
    jobThread.shutdown();
    try {
      jobThread.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    heartbeat(true);
    consumer.wakeup();
    try {
      assignmentThread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    publisher.close();
    metricsEndpoint.close();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
