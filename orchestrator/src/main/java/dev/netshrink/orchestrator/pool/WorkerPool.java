package dev.netshrink.orchestrator.pool;

import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.view.WorkerView;
import dev.netshrink.protocol.worker.WorkerRole;
import dev.netshrink.protocol.worker.Heartbeat;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Knows the live workers from their heartbeats and hands queued jobs to free workers of the
 * right role, one job per worker. A worker silent for longer than the timeout, or one that
 * says it is leaving, is dropped and its job reported lost to whoever queued it. After a
 * restart, jobs the log says are running are re-attached to the workers that report them.
 */
public final class WorkerPool extends AbstractBehavior<WorkerPool.Command> {

  public sealed interface Command {}

  /** Queue a job; {@code owner} hears of it again only if the job is lost. */
  public record Enqueue(RunJob job, ActorRef<JobLost> owner) implements Command {}

  public record HeartbeatReceived(Heartbeat heartbeat) implements Command {}

  /** The job ended (completed or failed): its worker is free again. */
  public record JobEnded(String jobId) implements Command {}

  public record ListWorkers(ActorRef<List<WorkerView>> replyTo) implements Command {}

  /**
   * After an orchestrator restart: the log says {@code jobId} is running somewhere. The worker
   * whose heartbeat names it becomes busy with it; if none does within the heartbeat timeout,
   * the job is lost.
   */
  public record Watch(String jobId, ActorRef<JobLost> owner) implements Command {}

  /** Told to a job's owner when its worker vanished before the job ended. */
  public record JobLost(String jobId, String reason) {}

  private enum Tick implements Command { INSTANCE }

  private record Queued(RunJob job, ActorRef<JobLost> owner, long enqueuedNanos) {}

  private record Watched(ActorRef<JobLost> owner, long sinceMillis) {}

  private final AssignmentSender sender;
  private final Duration heartbeatTimeout;
  private final LongSupplier clock;
  private final PoolMetrics metrics;
  private final Map<String, WorkerEntry> workers = new LinkedHashMap<>();
  /**
   * Waiting jobs by the role that runs them, oldest first: dispatching looks only at the heads of
   * roles with a free worker, so thousands of queued trials cost nothing per message.
   */
  private final Map<WorkerRole, Deque<Queued>> queues = new EnumMap<>(WorkerRole.class);
  /** Owners of the jobs handed to workers and not yet ended, by job id. */
  private final Map<String, ActorRef<JobLost>> running = new HashMap<>();
  private final Map<String, Watched> watched = new HashMap<>();

  /** {@code clock} (milliseconds) times heartbeats; scheduling latency uses the JVM's nano clock. */
  public static Behavior<Command> create(AssignmentSender sender, Duration heartbeatTimeout,
      LongSupplier clock, PoolMetrics metrics) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, heartbeatTimeout.dividedBy(4));
      return new WorkerPool(ctx, sender, heartbeatTimeout, clock, metrics);
    }));
  }

  private WorkerPool(ActorContext<Command> ctx, AssignmentSender sender, Duration timeout,
      LongSupplier clock, PoolMetrics metrics) {
    super(ctx);
    this.metrics = metrics;
    this.sender = sender;
    this.heartbeatTimeout = timeout;
    this.clock = clock;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Enqueue.class, this::onEnqueue)
        .onMessage(HeartbeatReceived.class, this::onHeartbeat)
        .onMessage(JobEnded.class, this::onJobEnded)
        .onMessage(Watch.class, this::onWatch)
        .onMessage(ListWorkers.class, this::onListWorkers)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .build();
  }

  private Behavior<Command> onEnqueue(Enqueue msg) {
    queues.computeIfAbsent(msg.job().job().role(), r -> new ArrayDeque<>())
        .addLast(new Queued(msg.job(), msg.owner(), System.nanoTime()));
    dispatch();
    return this;
  }

  private Behavior<Command> onHeartbeat(HeartbeatReceived msg) {
    Heartbeat hb = msg.heartbeat();
    long now = clock.getAsLong();
    if (hb.leaving()) {
      Optional.ofNullable(workers.remove(hb.workerId()))
          .ifPresent(w -> loseJobOf(w, "worker " + w.workerId + " left"));
    } else if (now - hb.sentAtMillis() < heartbeatTimeout.toMillis()) {
      WorkerEntry w = workers.computeIfAbsent(hb.workerId(), id -> {
        getContext().getLog().info("worker {} joined as {}", id, hb.role().wireName());
        return new WorkerEntry(id, hb.role());
      });
      w.lastSeenMillis = now;
      w.metricsUrl = hb.metricsUrl();
      Watched claimed = hb.runningJobId() == null ? null : watched.remove(hb.runningJobId());
      if (claimed != null) {
        w.assignedJobId = hb.runningJobId();
        w.assignedAtMillis = now;
        running.put(hb.runningJobId(), claimed.owner());
      }
    }
    dispatch();
    reportMembership();
    return this;
  }

  private Behavior<Command> onWatch(Watch msg) {
    boolean claimed = workers.values().stream().anyMatch(w -> msg.jobId().equals(w.assignedJobId));
    if (!claimed) {
      watched.put(msg.jobId(), new Watched(msg.owner(), clock.getAsLong()));
    }
    return this;
  }

  private Behavior<Command> onJobEnded(JobEnded msg) {
    running.remove(msg.jobId());
    watched.remove(msg.jobId());
    queues.values().forEach(q -> q.removeIf(queued -> queued.job().jobId().equals(msg.jobId())));
    workers.values().stream().filter(w -> msg.jobId().equals(w.assignedJobId))
        .forEach(WorkerEntry::free);
    dispatch();
    return this;
  }

  private Behavior<Command> onListWorkers(ListWorkers msg) {
    long now = clock.getAsLong();
    msg.replyTo().tell(workers.values().stream()
        .map(w -> new WorkerView(w.workerId, w.role.wireName(), w.assignedJobId,
            now - w.lastSeenMillis, w.metricsUrl))
        .toList());
    return this;
  }

  private Behavior<Command> onTick() {
    long now = clock.getAsLong();
    for (Iterator<WorkerEntry> it = workers.values().iterator(); it.hasNext(); ) {
      WorkerEntry w = it.next();
      if (now - w.lastSeenMillis > heartbeatTimeout.toMillis()) {
        it.remove();
        getContext().getLog().warn("worker {} sent no heartbeat for {} ms: dropped", w.workerId,
            now - w.lastSeenMillis);
        loseJobOf(w, "worker " + w.workerId + " stopped sending heartbeats");
      }
    }
    for (Iterator<Map.Entry<String, Watched>> it = watched.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Watched> e = it.next();
      if (now - e.getValue().sinceMillis() > heartbeatTimeout.toMillis()) {
        it.remove();
        e.getValue().owner().tell(new JobLost(e.getKey(), "no live worker is running " + e.getKey()));
      }
    }
    dispatch();
    reportMembership();
    return this;
  }

  private void reportMembership() {
    metrics.liveWorkers(workers.values().stream().collect(
        Collectors.groupingBy(w -> w.role.wireName(), Collectors.counting())));
  }

  private void loseJobOf(WorkerEntry w, String reason) {
    if (w.assignedJobId != null) {
      ActorRef<JobLost> owner = running.remove(w.assignedJobId);
      if (owner != null) {
        owner.tell(new JobLost(w.assignedJobId, reason));
      }
    }
  }

  private void dispatch() {
    for (Map.Entry<WorkerRole, Deque<Queued>> entry : queues.entrySet()) {
      Deque<Queued> queue = entry.getValue();
      while (!queue.isEmpty()) {
        // the free worker that has waited longest, so that work spreads over all of them
        Optional<WorkerEntry> free = workers.values().stream()
            .filter(w -> w.role == entry.getKey() && w.assignedJobId == null)
            .min(Comparator.comparingLong(w -> w.assignedAtMillis));
        if (free.isEmpty()) {
          break;
        }
        assign(queue.removeFirst(), free.get());
      }
    }
  }

  private void assign(Queued q, WorkerEntry w) {
    w.assignedJobId = q.job().jobId();
    w.assignedAtMillis = clock.getAsLong();
    running.put(q.job().jobId(), q.owner());
    getContext().getLog().info("assigning {} to {}", q.job().jobId(), w.workerId);
    sender.send(w.workerId, q.job());
    metrics.jobScheduled(System.nanoTime() - Math.max(q.enqueuedNanos(), w.freeSinceNanos));
  }
}
