package dev.netshrink.orchestrator.campaign;

import dev.netshrink.orchestrator.pool.WorkerPool;
import dev.netshrink.protocol.event.CampaignCompleted;
import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.CampaignOutcome;
import dev.netshrink.protocol.event.CampaignSubmitted;
import dev.netshrink.protocol.event.TrialCompleted;
import dev.netshrink.protocol.event.TrialEvent;
import dev.netshrink.protocol.event.TrialFailed;
import dev.netshrink.protocol.event.TrialOutcome;
import dev.netshrink.protocol.event.TrialScoped;
import dev.netshrink.protocol.view.CampaignView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The registry of campaigns: one {@link CampaignActor} per submission, events routed to their
 * campaign, and the ends of jobs passed to the worker pool so it frees their workers. It answers
 * list and get from the views its campaigns push, so a busy campaign delays nobody. It watches
 * every campaign actor: one that fails is rebuilt from the submission and the events it had (up to
 * {@link #MAX_RESTARTS} times, then the campaign is recorded as failed).
 */
public final class CampaignManager extends AbstractBehavior<CampaignManager.Command> {

  public sealed interface Command {}

  public record Submitted(CampaignSubmitted submission) implements Command {}

  /**
   * Read from the outcomes topic before the submissions: the campaign finished with this view. Its
   * submission and events (if any are left) change nothing; no actor is started for it.
   */
  public record OutcomeReplayed(CampaignOutcome outcome) implements Command {}

  /**
   * Read from the trial-outcomes topic after the outcomes, before the submissions: a trial of a
   * campaign still running had ended, with these events (which the events topic may no longer
   * hold).
   */
  public record TrialOutcomeReplayed(TrialOutcome outcome) implements Command {}

  public record EventReceived(CampaignEvent event) implements Command {}

  public enum ReplayFinished implements Command {
    INSTANCE
  }

  public record ListCampaigns(ActorRef<List<CampaignView>> replyTo) implements Command {}

  public record GetCampaign(String campaignId, ActorRef<Optional<CampaignView>> replyTo)
      implements Command {}

  /** A user's order about a campaign, passed to its actor; an ended or unknown one is refused. */
  public record Control(
      String campaignId,
      CampaignActor.ControlRequest request,
      ActorRef<CampaignActor.ControlReply> replyTo)
      implements Command {}

  private record ViewPushed(CampaignView view) implements Command {}

  /** An event a campaign actor recorded itself, so that a rebuilt actor has it too. */
  private record Recorded(CampaignEvent event) implements Command {}

  /** Rebuilds of one campaign's actor before the campaign is stopped as failed. */
  static final int MAX_RESTARTS = 3;

  private final CampaignContext context;
  private final ActorRef<CampaignView> viewAdapter;
  private final ActorRef<CampaignEvent> recordedAdapter;
  private final Map<String, CampaignEntry> campaigns = new LinkedHashMap<>();
  private final FinishedTrials finishedTrials;
  private boolean replayFinished;

  /**
   * The registry, supervised to resume: a message that makes it throw is logged and dropped, and
   * every campaign it holds stays (decoding keeps malformed records out; this is the last guard).
   */
  public static Behavior<Command> create(CampaignContext context) {
    return Behaviors.supervise(Behaviors.<Command>setup(ctx -> new CampaignManager(ctx, context)))
        .onFailure(SupervisorStrategy.resume());
  }

  private CampaignManager(ActorContext<Command> ctx, CampaignContext context) {
    super(ctx);
    this.viewAdapter = ctx.messageAdapter(CampaignView.class, ViewPushed::new);
    this.recordedAdapter = ctx.messageAdapter(CampaignEvent.class, Recorded::new);
    this.finishedTrials = new FinishedTrials(context.trialOutcomes());
    // what a campaign publishes is also kept here, after it was handed to the real sink
    this.context =
        context.withEventSink(
            event -> {
              context.eventSink().accept(event);
              recordedAdapter.tell(event);
            });
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Submitted.class, this::onSubmitted)
        .onMessage(OutcomeReplayed.class, this::onOutcome)
        .onMessage(TrialOutcomeReplayed.class, this::onTrialOutcome)
        .onMessage(EventReceived.class, this::onEvent)
        .onMessageEquals(ReplayFinished.INSTANCE, this::onReplayFinished)
        .onMessage(ListCampaigns.class, this::onList)
        .onMessage(GetCampaign.class, this::onGet)
        .onMessage(Control.class, this::onControl)
        .onMessage(ViewPushed.class, this::onViewPushed)
        .onMessage(Recorded.class, this::onRecorded)
        .onSignal(ChildFailed.class, failed -> onCampaignStopped(failed.getRef(), failed.cause()))
        .onSignal(Terminated.class, stopped -> onCampaignStopped(stopped.getRef(), null))
        .build();
  }

  private Behavior<Command> onSubmitted(Submitted msg) {
    String id = msg.submission().campaignId();
    if (!campaigns.containsKey(id)) {
      getContext().getLog().info("campaign {} submitted", id);
      CampaignEntry entry = new CampaignEntry(msg.submission());
      List<TrialScoped> readBack = finishedTrials.readBack(id);
      if (!readBack.isEmpty()) {
        getContext()
            .getLog()
            .info("campaign {}: {} events of its finished trials read back", id, readBack.size());
        entry.restore(readBack);
      }
      campaigns.put(id, entry);
      spawn(entry);
    }
    return this;
  }

  private Behavior<Command> onOutcome(OutcomeReplayed msg) {
    String id = msg.outcome().campaignId();
    if (!campaigns.containsKey(id)) {
      campaigns.put(id, CampaignEntry.finished(msg.outcome().view()));
    }
    finishedTrials.campaignFinished(id);
    return this;
  }

  private Behavior<Command> onTrialOutcome(TrialOutcomeReplayed msg) {
    if (!campaigns.containsKey(msg.outcome().campaignId())) {
      finishedTrials.replayed(msg.outcome());
    }
    return this;
  }

  private Behavior<Command> onEvent(EventReceived msg) {
    CampaignEvent e = msg.event();
    if (e instanceof TrialCompleted || e instanceof TrialFailed) {
      context.pool().tell(new WorkerPool.JobEnded(((TrialEvent) e).jobId()));
    }
    CampaignEntry campaign = campaigns.get(e.campaignId());
    if (campaign == null) {
      getContext().getLog().warn("event {} for unknown campaign {}", e.eventId(), e.campaignId());
    } else if (!campaign.restored(e.eventId())) { // an actor rebuilt from it has it already
      campaign.remember(e);
      if (campaign.actor != null) {
        campaign.actor.tell(new CampaignActor.EventReceived(e));
      }
    }
    return this;
  }

  private Behavior<Command> onReplayFinished() {
    replayFinished = true;
    campaigns.values().stream()
        .map(c -> c.actor)
        .filter(Objects::nonNull)
        .forEach(c -> c.tell(CampaignActor.ReplayFinished.INSTANCE));
    // their Watches follow at once: only after this can a job nobody claims be called a stray
    context.pool().tell(WorkerPool.LogReplayed.INSTANCE);
    return this;
  }

  private Behavior<Command> onList(ListCampaigns msg) {
    msg.replyTo()
        .tell(campaigns.values().stream().map(c -> c.view).filter(Objects::nonNull).toList());
    return this;
  }

  private Behavior<Command> onGet(GetCampaign msg) {
    CampaignEntry campaign = campaigns.get(msg.campaignId());
    msg.replyTo().tell(Optional.ofNullable(campaign == null ? null : campaign.view));
    return this;
  }

  private Behavior<Command> onControl(Control msg) {
    CampaignEntry campaign = campaigns.get(msg.campaignId());
    if (campaign == null) {
      msg.replyTo()
          .tell(
              new CampaignActor.Refused(
                  CampaignActor.Refusal.NOT_FOUND, "no campaign " + msg.campaignId()));
    } else if (campaign.actor == null || campaign.completed()) {
      msg.replyTo()
          .tell(
              new CampaignActor.Refused(
                  CampaignActor.Refusal.CONFLICT,
                  "campaign "
                      + msg.campaignId()
                      + " has ended"
                      + (campaign.view == null ? "" : " (" + campaign.view.state() + ")")));
    } else {
      campaign.actor.tell(new CampaignActor.Control(msg.request(), msg.replyTo()));
    }
    return this;
  }

  private Behavior<Command> onViewPushed(ViewPushed msg) {
    CampaignEntry campaign = campaigns.get(msg.view().campaignId());
    if (campaign != null && campaign.actor != null) {
      campaign.view = msg.view();
      finishedTrials.viewed(msg.view(), campaign.history());
    }
    return this;
  }

  private Behavior<Command> onRecorded(Recorded msg) {
    CampaignEntry campaign = campaigns.get(msg.event().campaignId());
    if (campaign != null) {
      campaign.remember(msg.event());
    }
    return this;
  }

  /** A campaign actor stopped: it can only have failed, since none stops by itself. */
  private Behavior<Command> onCampaignStopped(ActorRef<?> ref, Throwable cause) {
    CampaignEntry campaign =
        campaigns.values().stream().filter(c -> ref.equals(c.actor)).findFirst().orElse(null);
    if (campaign == null) {
      return this;
    }
    campaign.actor = null;
    String id = campaign.submission.campaignId();
    if (campaign.completed()) {
      getContext()
          .getLog()
          .warn("campaign {} failed after it completed; its view stays as it" + " was", id, cause);
      context.metrics().forget(id);
    } else if (campaign.restarts < MAX_RESTARTS) {
      campaign.restarts++;
      getContext()
          .getLog()
          .warn(
              "campaign {} failed; rebuilding it from its {} events" + " (restart {} of {})",
              id,
              campaign.history().size(),
              campaign.restarts,
              MAX_RESTARTS,
              cause);
      spawn(campaign);
    } else {
      getContext()
          .getLog()
          .error(
              "campaign {} failed {} times; it is stopped and recorded as" + " failed",
              id,
              campaign.restarts + 1,
              cause);
      campaign.stoppedAsFailed();
      context
          .eventSink()
          .accept(
              new CampaignCompleted(
                  CampaignEvent.newId(), id, System.currentTimeMillis(), false, null));
      context
          .outcomeSink()
          .accept(new CampaignOutcome(id, System.currentTimeMillis(), campaign.view));
      context.metrics().forget(id); // nothing is left to keep its series up to date
    }
    return this;
  }

  /** Starts the campaign's actor and brings it to where the campaign is. */
  private void spawn(CampaignEntry campaign) {
    String id = campaign.submission.campaignId();
    String name =
        "campaign-"
            + id.replaceAll("[^a-zA-Z0-9-]", "_")
            + (campaign.restarts == 0 ? "" : "-" + campaign.restarts);
    // the manager logs a failure once, where it decides what follows
    ActorRef<CampaignActor.Command> actor =
        getContext()
            .spawn(
                Behaviors.supervise(
                        CampaignActor.rebuild(
                            campaign.submission,
                            List.copyOf(campaign.history()),
                            context,
                            viewAdapter))
                    .onFailure(SupervisorStrategy.stop().withLoggingEnabled(false)),
                name);
    getContext().watch(actor);
    campaign.actor = actor;
    if (replayFinished) {
      actor.tell(CampaignActor.ReplayFinished.INSTANCE);
    }
  }
}
