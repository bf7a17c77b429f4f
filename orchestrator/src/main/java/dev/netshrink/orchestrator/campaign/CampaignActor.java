package dev.netshrink.orchestrator.campaign;

import dev.netshrink.orchestrator.pool.WorkerPool;
import dev.netshrink.protocol.event.CampaignCompleted;
import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.CampaignOutcome;
import dev.netshrink.protocol.event.CampaignSubmitted;
import dev.netshrink.protocol.event.EpochCompleted;
import dev.netshrink.protocol.event.PrunePointMeasured;
import dev.netshrink.protocol.event.TrialScoped;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.view.AddOrder;
import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Follows one campaign: folds its events into {@link CampaignState}, records what {@link
 * CampaignScheduler} decides (queue, retry, abandon) as events of its own, folded the same way and
 * published, hands queued jobs to the pool, and writes the report at the end. It decides nothing
 * until the event log has been replayed, so a restarted orchestrator never runs a trial twice, and
 * what a crash left undecided is decided then. Its view goes to {@code views} when it starts, when
 * it changes (at most every {@link #VIEW_PUSH_INTERVAL}), and at once when the replay is over and
 * when the campaign completes.
 */
public final class CampaignActor extends AbstractBehavior<CampaignActor.Command> {

  public sealed interface Command {}

  public record EventReceived(CampaignEvent event) implements Command {}

  /** The ingest caught up with the log: from now on, state is current and jobs may be queued. */
  public enum ReplayFinished implements Command {
    INSTANCE
  }

  /**
   * A user's order: {@code Cancel} stops the named trials (by name), or with none the whole
   * campaign; {@code Retry} runs failed or stopped trials again, from their checkpoints; {@code
   * Limit} caps the trials queued or running at once (0: no cap); {@code Add} adds students (more
   * grid points, or more drawn ones). Answered with {@link ControlReply}; a refused order changes
   * nothing.
   */
  public sealed interface ControlRequest {}

  public record Cancel(List<String> trials, String reason) implements ControlRequest {
    public Cancel {
      trials = List.copyOf(trials);
    }
  }

  public record Retry(List<String> trials, String reason) implements ControlRequest {
    public Retry {
      trials = List.copyOf(trials);
    }
  }

  public record Limit(int maxConcurrent) implements ControlRequest {}

  public record Add(AddOrder order) implements ControlRequest {}

  public record Control(ControlRequest request, ActorRef<ControlReply> replyTo)
      implements Command {}

  /** What became of a {@link ControlRequest}. */
  public sealed interface ControlReply {}

  /** Carried out: {@code trials} are the trials it changed, by name. */
  public record Done(List<String> trials, CampaignView view) implements ControlReply {}

  /** Refused, and why; nothing changed. */
  public record Refused(Refusal refusal, String reason) implements ControlReply {}

  /**
   * Why an order was refused: no such campaign, an order naming what the campaign does not have (a
   * trial), or one the campaign cannot carry out now (it, or the trial, has ended).
   */
  public enum Refusal {
    NOT_FOUND,
    INVALID,
    CONFLICT
  }

  private record JobsLostWrapped(WorkerPool.JobsLost lost) implements Command {}

  private record ReportWritten(Path dir, Throwable error) implements Command {}

  private enum ForgetMetrics implements Command {
    INSTANCE
  }

  private enum PushView implements Command {
    INSTANCE
  }

  /**
   * Building a view costs O(trials) and a campaign of a thousand trials sees thousands of events
   * (and queues a thousand jobs at once), so changes are pushed together, this often at most.
   */
  static final Duration VIEW_PUSH_INTERVAL = Duration.ofMillis(150);

  private final CampaignState state;
  private final CampaignContext context;
  private final ActorRef<CampaignView> views;
  private final TimerScheduler<Command> timers;
  private final ActorRef<WorkerPool.JobsLost> lostAdapter;
  private boolean live;
  private boolean reportRequested;
  private boolean forgetScheduled;

  public static Behavior<Command> create(
      CampaignSubmitted submitted, CampaignContext context, ActorRef<CampaignView> views) {
    return rebuild(submitted, List.of(), context, views);
  }

  /**
   * A campaign actor that starts from {@code history}, the events an earlier one had folded; like
   * any other, it decides nothing before {@link ReplayFinished}.
   */
  public static Behavior<Command> rebuild(
      CampaignSubmitted submitted,
      List<CampaignEvent> history,
      CampaignContext context,
      ActorRef<CampaignView> views) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> new CampaignActor(ctx, timers, submitted, history, context, views)));
  }

  private CampaignActor(
      ActorContext<Command> ctx,
      TimerScheduler<Command> timers,
      CampaignSubmitted submitted,
      List<CampaignEvent> history,
      CampaignContext context,
      ActorRef<CampaignView> views) {
    super(ctx);
    this.state =
        new CampaignState(
            submitted.campaignId(),
            submitted.spec(),
            submitted.submittedAtMillis(),
            context.attempts());
    this.context = context;
    this.views = views;
    this.timers = timers;
    this.lostAdapter = ctx.messageAdapter(WorkerPool.JobsLost.class, JobsLostWrapped::new);
    history.forEach(this::fold);
    CampaignView view = state.view();
    context.metrics().models(state.campaignId, view);
    views.tell(view);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(EventReceived.class, this::onEvent)
        .onMessageEquals(ReplayFinished.INSTANCE, this::onReplayFinished)
        .onMessage(Control.class, this::onControl)
        .onMessage(JobsLostWrapped.class, this::onJobsLost)
        .onMessage(ReportWritten.class, this::onReportWritten)
        .onMessageEquals(ForgetMetrics.INSTANCE, this::onForgetMetrics)
        .onMessageEquals(PushView.INSTANCE, this::onPushView)
        .build();
  }

  private Behavior<Command> onEvent(EventReceived msg) {
    if (fold(msg.event())) {
      viewChanged();
      advance();
    }
    return this;
  }

  private void recordMetrics(CampaignEvent event) {
    String campaign = state.campaignId;
    if (event instanceof EpochCompleted e) {
      context.metrics().epochCompleted(campaign, state.trialName(e.trialId()), e);
    } else if (event instanceof PrunePointMeasured p) {
      context.metrics().prunePointMeasured(campaign, p);
    } else if (event instanceof TrialScoped t) {
      context
          .metrics()
          .trialTimes(campaign, state.trialName(t.trialId()), state.trialKind(t.trialId()), t);
    }
    if (event instanceof CampaignCompleted done && !forgetScheduled) {
      forgetScheduled = true;
      context.metrics().finished(campaign);
      // from the completion, not from now: a campaign replayed after a restart that ended long
      // ago must not come back to the dashboards for another full retention
      long age = Math.max(0, System.currentTimeMillis() - done.atMillis());
      Duration left = context.metricsRetention().minusMillis(age);
      getContext()
          .scheduleOnce(
              left.isNegative() ? Duration.ZERO : left,
              getContext().getSelf(),
              ForgetMetrics.INSTANCE);
    }
  }

  private Behavior<Command> onForgetMetrics() {
    context.metrics().forget(state.campaignId);
    return this;
  }

  private Behavior<Command> onReplayFinished() {
    live = true;
    if (state.completed()) {
      // finished before this version wrote outcomes, or its outcome was lost: write it (again)
      publishOutcome();
    } else {
      // jobs a previous orchestrator (or actor) started: find their workers again, or retry them
      state
          .activeJobIds()
          .forEach(jobId -> context.pool().tell(new WorkerPool.Watch(jobId, lostAdapter)));
    }
    advance();
    pushView();
    return this;
  }

  /** An order is carried out at once, as one decision round, or refused with nothing changed. */
  private Behavior<Command> onControl(Control msg) {
    ControlReply reply;
    if (!live) {
      reply = new Refused(Refusal.CONFLICT, "the orchestrator is still reading the campaign's log");
    } else if (state.allTrialsFinal()) {
      reply = new Refused(Refusal.CONFLICT, "campaign " + state.campaignId + " has ended");
    } else {
      ControlDecisions.Plan plan = ControlDecisions.plan(state, msg.request());
      if (plan.refused() != null) {
        reply = plan.refused();
      } else {
        if (plan.event() != null) {
          record(plan.event());
        }
        plan.decisions().forEach(decision -> carryOut(decision, new ArrayList<>()));
        advance();
        reply = new Done(plan.trials(), state.view());
      }
    }
    msg.replyTo().tell(reply);
    return this;
  }

  /** Retries of a lost pack's members are queued together, so that they can pack again. */
  private Behavior<Command> onJobsLost(JobsLostWrapped msg) {
    getContext().getLog().warn("{} lost: {}", msg.lost().jobIds(), msg.lost().reason());
    if (live && !state.completed()) {
      for (String jobId : msg.lost().jobIds()) {
        CampaignScheduler.afterLoss(state, jobId, msg.lost().reason())
            .ifPresent(decision -> carryOut(decision, new ArrayList<>()));
      }
      advance();
    }
    return this;
  }

  private Behavior<Command> onReportWritten(ReportWritten msg) {
    if (msg.error() != null) {
      getContext()
          .getLog()
          .error("report of {} could not be written", state.campaignId, msg.error());
    }
    record(
        new CampaignCompleted(
            CampaignEvent.newId(),
            state.campaignId,
            System.currentTimeMillis(),
            state.ending() == CampaignStatus.SUCCEEDED && msg.error() == null,
            msg.dir() == null ? null : msg.dir().toString()));
    return this;
  }

  /** The finished campaign's view, kept where the events topic's retention cannot drop it. */
  private void publishOutcome() {
    context
        .outcomeSink()
        .accept(new CampaignOutcome(state.campaignId, System.currentTimeMillis(), state.view()));
  }

  private Behavior<Command> onPushView() {
    pushView();
    return this;
  }

  /** Carry out what became possible; once every trial ended, write the report (off this thread). */
  private void advance() {
    if (!live || state.completed()) {
      return;
    }
    // recording a decision can make another one (a retried trial is queued, a failed teacher
    // abandons the students, then the sweep): until there is nothing left to decide
    // a model-based search proposes its next points first, from the results so far
    TpeSearch.propose(state).ifPresent(this::record);
    List<RunJob> queued = new ArrayList<>();
    for (List<Decision> decisions = CampaignScheduler.decide(state);
        !decisions.isEmpty();
        decisions = CampaignScheduler.decide(state)) {
      decisions.forEach(decision -> carryOut(decision, queued));
    }
    if (!queued.isEmpty()) {
      // together, so that the pool can pack the students that train alike
      context.pool().tell(new WorkerPool.EnqueueAll(queued, lostAdapter));
    }
    if (state.allTrialsFinal() && !reportRequested) {
      reportRequested = true;
      // the report is the campaign's last word: it says how the campaign ends, not "running"
      CampaignView view = state.view().endedAs(state.ending());
      getContext()
          .pipeToSelf(
              CompletableFuture.supplyAsync(
                  () -> context.reportWriter().write(view), context.blockingExecutor()),
              ReportWritten::new);
    }
  }

  private void carryOut(Decision decision, List<RunJob> queued) {
    record(decision.recorded(CampaignEvent.newId(), System.currentTimeMillis()));
    if (decision instanceof Decision.Queue queue) {
      queued.add(queue.job());
    } else if (decision instanceof Decision.Stop stop && stop.ref().jobId() != null) {
      context.pool().tell(new WorkerPool.Stop(stop.ref().jobId(), stop.reason()));
    }
  }

  /** An event of this actor's own: folded like any other, then published. */
  private void record(CampaignEvent event) {
    if (!fold(event)) {
      throw new IllegalStateException("the campaign's own event does not apply: " + event);
    }
    context.eventSink().accept(event);
    if (event instanceof CampaignCompleted) {
      publishOutcome();
    }
    viewChanged(); // after publishing: a view never shows what the log does not hold yet
  }

  private boolean fold(CampaignEvent event) {
    if (!state.apply(event)) {
      return false;
    }
    recordMetrics(event);
    return true;
  }

  private void viewChanged() {
    if (state.completed()) {
      pushView();
    } else if (!timers.isTimerActive(PushView.INSTANCE)) {
      timers.startSingleTimer(PushView.INSTANCE, VIEW_PUSH_INTERVAL);
    }
  }

  /**
   * The view, the trials-by-state and the models' gauges: each costs O(trials + models), so they go
   * together.
   */
  private void pushView() {
    timers.cancel(PushView.INSTANCE);
    context.metrics().trialStates(state.campaignId, state.trialStates());
    CampaignView view = state.view();
    context.metrics().models(state.campaignId, view);
    context.metrics().trials(state.campaignId, view.trials());
    views.tell(view);
  }
}
