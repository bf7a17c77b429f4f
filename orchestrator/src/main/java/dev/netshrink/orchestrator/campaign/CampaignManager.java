package dev.netshrink.orchestrator.campaign;

import dev.netshrink.orchestrator.pool.WorkerPool;
import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.CampaignSubmitted;
import dev.netshrink.protocol.event.TrialCompleted;
import dev.netshrink.protocol.event.TrialFailed;
import dev.netshrink.protocol.event.TrialEvent;
import dev.netshrink.protocol.view.CampaignView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The registry of campaigns: one {@link CampaignActor} per submission, events routed to their
 * campaign, and the ends of jobs passed to the worker pool so it frees their workers.
 */
public final class CampaignManager extends AbstractBehavior<CampaignManager.Command> {

  public sealed interface Command {}

  public record Submitted(CampaignSubmitted submission) implements Command {}

  public record EventReceived(CampaignEvent event) implements Command {}

  public enum ReplayFinished implements Command { INSTANCE }

  public record ListCampaigns(ActorRef<List<CampaignView>> replyTo) implements Command {}

  public record GetCampaign(String campaignId, ActorRef<Optional<CampaignView>> replyTo)
      implements Command {}

  private record Collected(List<CampaignView> views, ActorRef<List<CampaignView>> replyTo)
      implements Command {}

  private record Found(Optional<CampaignView> view, ActorRef<Optional<CampaignView>> replyTo)
      implements Command {}

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

  private final CampaignContext context;
  private final Map<String, ActorRef<CampaignActor.Command>> campaigns = new LinkedHashMap<>();
  private boolean replayFinished;

  public static Behavior<Command> create(CampaignContext context) {
    return Behaviors.setup(ctx -> new CampaignManager(ctx, context));
  }

  private CampaignManager(ActorContext<Command> ctx, CampaignContext context) {
    super(ctx);
    this.context = context;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Submitted.class, this::onSubmitted)
        .onMessage(EventReceived.class, this::onEvent)
        .onMessageEquals(ReplayFinished.INSTANCE, this::onReplayFinished)
        .onMessage(ListCampaigns.class, this::onList)
        .onMessage(GetCampaign.class, this::onGet)
        .onMessage(Collected.class, this::onCollected)
        .onMessage(Found.class, this::onFound)
        .build();
  }

  private Behavior<Command> onSubmitted(Submitted msg) {
    String id = msg.submission().campaignId();
    if (!campaigns.containsKey(id)) {
      getContext().getLog().info("campaign {} submitted", id);
      var ref = getContext().spawn(CampaignActor.create(msg.submission(), context),
          "campaign-" + id.replaceAll("[^a-zA-Z0-9-]", "_"));
      campaigns.put(id, ref);
      if (replayFinished) {
        ref.tell(CampaignActor.ReplayFinished.INSTANCE);
      }
    }
    return this;
  }

  private Behavior<Command> onEvent(EventReceived msg) {
    CampaignEvent e = msg.event();
    if (e instanceof TrialCompleted || e instanceof TrialFailed) {
      context.pool().tell(new WorkerPool.JobEnded(((TrialEvent) e).jobId()));
    }
    ActorRef<CampaignActor.Command> campaign = campaigns.get(e.campaignId());
    if (campaign == null) {
      getContext().getLog().warn("event {} for unknown campaign {}", e.eventId(), e.campaignId());
    } else {
      campaign.tell(new CampaignActor.EventReceived(e));
    }
    return this;
  }

  private Behavior<Command> onReplayFinished() {
    replayFinished = true;
    campaigns.values().forEach(c -> c.tell(CampaignActor.ReplayFinished.INSTANCE));
    return this;
  }

  private Behavior<Command> onGet(GetCampaign msg) {
    ActorRef<CampaignActor.Command> campaign = campaigns.get(msg.campaignId());
    if (campaign == null) {
      msg.replyTo().tell(Optional.empty());
    } else {
      getContext().pipeToSelf(askView(campaign), (view, error) ->
          new Found(Optional.ofNullable(error == null ? view : null), msg.replyTo()));
    }
    return this;
  }

  private Behavior<Command> onList(ListCampaigns msg) {
    List<CompletionStage<CampaignView>> asks = campaigns.values().stream()
        .map(this::askView).toList();
    CompletionStage<List<CampaignView>> all =
        java.util.concurrent.CompletableFuture.completedStage(new ArrayList<>());
    for (CompletionStage<CampaignView> ask : asks) {
      all = all.thenCombine(ask, (list, view) -> {
        list.add(view);
        return list;
      });
    }
    getContext().pipeToSelf(all, (views, error) ->
        new Collected(error == null ? views : List.of(), msg.replyTo()));
    return this;
  }

  private Behavior<Command> onCollected(Collected msg) {
    msg.replyTo().tell(msg.views());
    return this;
  }

  private Behavior<Command> onFound(Found msg) {
    msg.replyTo().tell(msg.view());
    return this;
  }

  private CompletionStage<CampaignView> askView(ActorRef<CampaignActor.Command> campaign) {
    return AskPattern.ask(campaign, CampaignActor.GetView::new, ASK_TIMEOUT,
        getContext().getSystem().scheduler());
  }
}
