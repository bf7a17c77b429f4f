package dev.netshrink.orchestrator.campaign;

import dev.netshrink.orchestrator.pool.WorkerPool;
import dev.netshrink.protocol.event.CampaignCompleted;
import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.CampaignSubmitted;
import dev.netshrink.protocol.event.EpochCompleted;
import dev.netshrink.protocol.event.PrunePointMeasured;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.view.CampaignView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Follows one campaign: folds its events into {@link CampaignState}, queues the trials that
 * became runnable, retries lost or failed attempts, and writes the report at the end. It
 * schedules nothing until the event log has been replayed, so a restarted orchestrator never
 * runs a trial twice.
 */
public final class CampaignActor extends AbstractBehavior<CampaignActor.Command> {

  public sealed interface Command {}

  public record EventReceived(CampaignEvent event) implements Command {}

  /** The ingest caught up with the log: from now on, state is current and jobs may be queued. */
  public enum ReplayFinished implements Command { INSTANCE }

  public record GetView(ActorRef<CampaignView> replyTo) implements Command {}

  private record JobLostWrapped(WorkerPool.JobLost lost) implements Command {}

  private record ReportWritten(Path dir, Throwable error) implements Command {}

  private enum ForgetMetrics implements Command { INSTANCE }

  private final CampaignState state;
  private final CampaignContext context;
  private final ActorRef<WorkerPool.JobLost> lostAdapter;
  private boolean live;
  private boolean reportRequested;
  private boolean forgetScheduled;

  public static Behavior<Command> create(CampaignSubmitted submitted, CampaignContext context) {
    return Behaviors.setup(ctx -> new CampaignActor(ctx, submitted, context));
  }

  private CampaignActor(ActorContext<Command> ctx, CampaignSubmitted submitted,
      CampaignContext context) {
    super(ctx);
    this.state = new CampaignState(submitted.campaignId(), submitted.spec(),
        submitted.submittedAtMillis(), context.maxAttempts());
    this.context = context;
    this.lostAdapter = ctx.messageAdapter(WorkerPool.JobLost.class, JobLostWrapped::new);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(EventReceived.class, this::onEvent)
        .onMessageEquals(ReplayFinished.INSTANCE, this::onReplayFinished)
        .onMessage(GetView.class, this::onGetView)
        .onMessage(JobLostWrapped.class, this::onJobLost)
        .onMessage(ReportWritten.class, this::onReportWritten)
        .onMessageEquals(ForgetMetrics.INSTANCE, this::onForgetMetrics)
        .build();
  }

  private Behavior<Command> onEvent(EventReceived msg) {
    if (state.apply(msg.event())) {
      recordMetrics(msg.event());
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
    }
    context.metrics().trialStates(campaign, state.trialStates());
    if (event instanceof CampaignCompleted done && !forgetScheduled) {
      forgetScheduled = true;
      // from the completion, not from now: a campaign replayed after a restart that ended long
      // ago must not come back to the dashboards for another full retention
      long age = Math.max(0, System.currentTimeMillis() - done.atMillis());
      Duration left = context.metricsRetention().minusMillis(age);
      getContext().scheduleOnce(left.isNegative() ? Duration.ZERO : left, getContext().getSelf(),
          ForgetMetrics.INSTANCE);
    }
  }

  private Behavior<Command> onForgetMetrics() {
    context.metrics().forget(state.campaignId);
    return this;
  }

  private Behavior<Command> onReplayFinished() {
    live = true;
    if (!state.completed()) {
      // jobs a previous orchestrator started: find their workers again, or retry them
      state.activeJobIds().forEach(jobId -> context.pool().tell(new WorkerPool.Watch(jobId,
          lostAdapter)));
    }
    advance();
    return this;
  }

  private Behavior<Command> onGetView(GetView msg) {
    msg.replyTo().tell(state.view());
    return this;
  }

  private Behavior<Command> onJobLost(JobLostWrapped msg) {
    getContext().getLog().warn("{} lost: {}", msg.lost().jobId(), msg.lost().reason());
    if (state.jobLost(msg.lost().jobId(), msg.lost().reason())) {
      advance();
    }
    return this;
  }

  private Behavior<Command> onReportWritten(ReportWritten msg) {
    if (msg.error() != null) {
      getContext().getLog().error("report of {} could not be written", state.campaignId,
          msg.error());
    }
    CampaignCompleted done = new CampaignCompleted(CampaignEvent.newId(), state.campaignId,
        System.currentTimeMillis(), !state.anyTrialFailed() && msg.error() == null,
        msg.dir() == null ? null : msg.dir().toString());
    state.apply(done);
    recordMetrics(done);
    context.eventSink().accept(done);
    return this;
  }

  /** Queue what became runnable; once every trial ended, write the report (off this thread). */
  private void advance() {
    if (!live || state.completed()) {
      return;
    }
    for (RunJob job : CampaignScheduler.nextJobs(state)) {
      context.pool().tell(new WorkerPool.Enqueue(job, lostAdapter));
    }
    if (state.allTrialsFinal() && !reportRequested) {
      reportRequested = true;
      CampaignView view = state.view();
      getContext().pipeToSelf(
          CompletableFuture.supplyAsync(() -> context.reportWriter().write(view),
              context.blockingExecutor()),
          ReportWritten::new);
    }
  }
}
