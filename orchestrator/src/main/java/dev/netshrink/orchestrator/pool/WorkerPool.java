package dev.netshrink.orchestrator.pool;

import dev.netshrink.protocol.job.Assignment;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.view.WorkerView;
import dev.netshrink.protocol.worker.Heartbeat;
import dev.netshrink.protocol.worker.WorkerRole;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Knows the live workers from their heartbeats and hands queued jobs to free workers of the right
 * role, one job per worker. A worker silent for longer than the timeout, or one that says it is
 * leaving, is dropped and its job reported lost to whoever queued it. After a restart, jobs the log
 * says are running are re-attached to the workers that report them.
 *
 * <p>An unexpected failure restarts it: workers are learnt again from their heartbeats, and the
 * jobs it knew are handed to the restarted pool (queued ones queued again, the others watched until
 * their worker reports them), so nobody who queued a job has to know.
 */
public final class WorkerPool extends AbstractBehavior<WorkerPool.Command> {

  public sealed interface Command {}

  /**
   * Queue a job; {@code owner} hears of it again only if the job is lost. A job already queued or
   * running is not queued twice: {@code owner} replaces its owner (a rebuilt campaign).
   */
  public record Enqueue(RunJob job, ActorRef<JobsLost> owner) implements Command {}

  /**
   * Queue these jobs at once, as {@link Enqueue} does one by one: what one campaign decision round
   * makes possible arrives together, so that compatible students can be packed.
   */
  public record EnqueueAll(List<RunJob> jobs, ActorRef<JobsLost> owner) implements Command {}

  public record HeartbeatReceived(Heartbeat heartbeat) implements Command {}

  /**
   * The job's trial was stopped: a queued job leaves the queue, a running one's worker is told to
   * stop it (and is free once it reports the end, as for any job); its owner hears no more of it.
   */
  public record Stop(String jobId, String reason) implements Command {}

  /** The job ended (completed or failed): its worker is free again. */
  public record JobEnded(String jobId) implements Command {}

  public record ListWorkers(ActorRef<List<WorkerView>> replyTo) implements Command {}

  /**
   * After an orchestrator restart: the log says {@code jobId} is running somewhere. The worker
   * whose heartbeat names it becomes busy with it; if none does within the heartbeat timeout, the
   * job is lost. For a job the pool knows, {@code owner} replaces its owner.
   */
  public record Watch(String jobId, ActorRef<JobsLost> owner) implements Command {}

  /**
   * The campaigns have replayed the log and watched the jobs it says are running: from now on a job
   * no campaign claimed is one nobody will (heartbeats arrive while the replay runs, and a long log
   * must not make live jobs look like strays).
   */
  public enum LogReplayed implements Command {
    INSTANCE
  }

  /**
   * Told to a job's owner when its worker vanished before the job ended: every job it lost at once
   * (a fused pack's members) in one message, so that the owner can queue their retries together.
   */
  public record JobsLost(List<String> jobIds, String reason) {
    public JobsLost {
      jobIds = List.copyOf(jobIds);
    }
  }

  private enum Tick implements Command {
    INSTANCE
  }

  record Queued(RunJob job, long enqueuedNanos) {}

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

  /** Owners of the jobs queued or handed to workers and not yet ended, by job id. */
  private final Map<String, ActorRef<JobsLost>> owners = new HashMap<>();

  private final WatchedJobs watched = new WatchedJobs();

  /** What tells a job a worker runs but was not given from a live one. */
  private final StrayJobs strays;

  private final HeartbeatReconciler reconciler;

  private final Dispatcher dispatcher;

  /**
   * {@code clock} (milliseconds) times heartbeats; scheduling latency uses the JVM's nano clock.
   */
  public static Behavior<Command> create(
      AssignmentSender sender, Duration heartbeatTimeout, LongSupplier clock, PoolMetrics metrics) {
    return Behaviors.supervise(
            Behaviors.<Command>setup(
                ctx ->
                    Behaviors.withTimers(
                        timers -> {
                          timers.startTimerWithFixedDelay(
                              Tick.INSTANCE, heartbeatTimeout.dividedBy(4));
                          return new WorkerPool(ctx, sender, heartbeatTimeout, clock, metrics);
                        })))
        .onFailure(SupervisorStrategy.restart());
  }

  private WorkerPool(
      ActorContext<Command> ctx,
      AssignmentSender sender,
      Duration timeout,
      LongSupplier clock,
      PoolMetrics metrics) {
    super(ctx);
    this.metrics = metrics;
    this.sender = sender;
    this.heartbeatTimeout = timeout;
    this.strays = new StrayJobs(timeout.toMillis());
    this.reconciler = new HeartbeatReconciler(strays, sender, timeout.toMillis(), ctx.getLog());
    this.clock = clock;
    this.dispatcher = new Dispatcher(sender, clock, metrics, ctx.getLog());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Enqueue.class, this::onEnqueue)
        .onMessage(EnqueueAll.class, this::onEnqueueAll)
        .onMessage(HeartbeatReceived.class, this::onHeartbeat)
        .onMessage(JobEnded.class, this::onJobEnded)
        .onMessage(Stop.class, this::onStop)
        .onMessage(Watch.class, this::onWatch)
        .onMessageEquals(LogReplayed.INSTANCE, this::onLogReplayed)
        .onMessage(ListWorkers.class, this::onListWorkers)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onSignal(PreRestart.class, signal -> onPreRestart())
        .build();
  }

  private Behavior<Command> onEnqueue(Enqueue msg) {
    return onEnqueueAll(new EnqueueAll(List.of(msg.job()), msg.owner()));
  }

  private Behavior<Command> onEnqueueAll(EnqueueAll msg) {
    for (RunJob job : msg.jobs()) {
      if (owners.put(job.jobId(), msg.owner()) == null) {
        queues
            .computeIfAbsent(job.job().role(), r -> new ArrayDeque<>())
            .addLast(new Queued(job, System.nanoTime()));
      }
    }
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
      WorkerEntry w =
          workers.computeIfAbsent(
              hb.workerId(),
              id -> {
                getContext().getLog().info("worker {} joined as {}", id, hb.role().wireName());
                return new WorkerEntry(id, hb.role());
              });
      w.lastSeenMillis = now;
      w.metricsUrl = hb.metricsUrl();
      w.reportedJobIds = hb.runningJobIds();
      for (String jobId : w.reportedJobIds) {
        watched.claim(jobId).ifPresent(owner -> claim(w, jobId, owner));
      }
      reconciler
          .reconcile(w, now)
          .ifPresent(
              missing -> {
                lose(w, missing.jobIds(), missing.reason());
                if (w.assigned.isEmpty()) {
                  w.free();
                }
              });
    }
    dispatch();
    reportMembership();
    return this;
  }

  private Behavior<Command> onLogReplayed() {
    strays.logReplayed(clock.getAsLong());
    return this;
  }

  private Behavior<Command> onWatch(Watch msg) {
    if (owners.containsKey(msg.jobId())) {
      owners.put(msg.jobId(), msg.owner());
      return this;
    }
    workers.values().stream()
        .filter(
            w -> w.reportedJobIds.contains(msg.jobId()) && w.reportedJobIds.containsAll(w.assigned))
        .findFirst()
        .ifPresentOrElse(
            w -> claim(w, msg.jobId(), msg.owner()),
            () -> watched.watch(msg.jobId(), msg.owner(), clock.getAsLong()));
    return this;
  }

  /** The worker is running {@code jobId}, as its heartbeat says: it is busy with it. */
  private void claim(WorkerEntry w, String jobId, ActorRef<JobsLost> owner) {
    if (!w.assigned.isEmpty() && w.assigned.stream().noneMatch(w.reportedJobIds::contains)) {
      // it was given another job meanwhile and refused it: that one must run elsewhere
      loseJobOf(w, "worker " + w.workerId + " runs " + jobId + ", not " + w.assignedJobId());
      w.assigned.clear();
    }
    w.assigned.add(jobId);
    w.strayJobId = null;
    w.assignedAtMillis = clock.getAsLong();
    owners.put(jobId, owner);
  }

  /**
   * The failed pool hands what it knew to the restarted one through its own mailbox: jobs handed to
   * workers are watched (their workers' heartbeats claim them again), queued ones queued.
   */
  private Behavior<Command> onPreRestart() {
    ActorRef<Command> self = getContext().getSelf();
    Map<String, RunJob> queued = new LinkedHashMap<>();
    queues.values().forEach(q -> q.forEach(e -> queued.put(e.job().jobId(), e.job())));
    owners.forEach(
        (jobId, owner) -> {
          if (!queued.containsKey(jobId)) {
            self.tell(new Watch(jobId, owner));
          }
        });
    watched.forEach((jobId, owner) -> self.tell(new Watch(jobId, owner)));
    queued.forEach((jobId, job) -> self.tell(new Enqueue(job, owners.get(jobId))));
    if (strays.logReplayed()) {
      self.tell(LogReplayed.INSTANCE);
    }
    return this;
  }

  private Behavior<Command> onJobEnded(JobEnded msg) {
    strays.ended(msg.jobId());
    forget(msg.jobId());
    workers.values().stream()
        .filter(w -> w.assigned.remove(msg.jobId()) && w.assigned.isEmpty())
        .forEach(WorkerEntry::free);
    dispatch();
    return this;
  }

  private Behavior<Command> onStop(Stop msg) {
    forget(msg.jobId());
    workers.values().stream()
        .filter(w -> w.assigned.contains(msg.jobId()))
        .forEach(
            w -> {
              getContext().getLog().info("stopping {} on {}", msg.jobId(), w.workerId);
              sender.send(w.workerId, new Assignment.StopJob(msg.jobId(), msg.reason()));
            });
    return this;
  }

  /** Nobody owns, watches or queues {@code jobId} any more. */
  private void forget(String jobId) {
    owners.remove(jobId);
    watched.forget(jobId);
    queues.values().forEach(q -> q.removeIf(queued -> queued.job().jobId().equals(jobId)));
  }

  private Behavior<Command> onListWorkers(ListWorkers msg) {
    long now = clock.getAsLong();
    msg.replyTo().tell(workers.values().stream().map(w -> w.view(now)).toList());
    return this;
  }

  private Behavior<Command> onTick() {
    long now = clock.getAsLong();
    for (Iterator<WorkerEntry> it = workers.values().iterator(); it.hasNext(); ) {
      WorkerEntry w = it.next();
      if (now - w.lastSeenMillis > heartbeatTimeout.toMillis()) {
        it.remove();
        getContext()
            .getLog()
            .warn(
                "worker {} sent no heartbeat for {} ms: dropped",
                w.workerId,
                now - w.lastSeenMillis);
        loseJobOf(w, "worker " + w.workerId + " stopped sending heartbeats");
      }
    }
    Map<ActorRef<JobsLost>, List<String>> unclaimed =
        watched.expired(now, heartbeatTimeout.toMillis());
    unclaimed.forEach(
        (owner, jobIds) ->
            owner.tell(
                new JobsLost(jobIds, "no live worker is running " + String.join(", ", jobIds))));
    dispatch();
    reportMembership();
    return this;
  }

  private void reportMembership() {
    metrics.liveWorkers(
        workers.values().stream()
            .collect(Collectors.groupingBy(w -> w.role.wireName(), Collectors.counting())));
  }

  private void loseJobOf(WorkerEntry w, String reason) {
    lose(w, List.copyOf(w.assigned), reason);
  }

  /** Each owner hears of all its lost jobs in one message. */
  private void lose(WorkerEntry w, List<String> jobIds, String reason) {
    Map<ActorRef<JobsLost>, List<String>> byOwner = new LinkedHashMap<>();
    for (String jobId : jobIds) {
      w.assigned.remove(jobId);
      strays.lost(jobId);
      ActorRef<JobsLost> owner = owners.remove(jobId);
      if (owner != null) {
        byOwner.computeIfAbsent(owner, o -> new ArrayList<>()).add(jobId);
      }
    }
    byOwner.forEach((owner, lost) -> owner.tell(new JobsLost(lost, reason)));
  }

  private void dispatch() {
    dispatcher.dispatch(queues, workers.values());
  }
}
