package dev.netshrink.orchestrator;

import dev.netshrink.orchestrator.campaign.CampaignContext;
import dev.netshrink.orchestrator.campaign.CampaignManager;
import dev.netshrink.orchestrator.campaign.TrialOutcomes;
import dev.netshrink.orchestrator.metrics.CampaignMetrics;
import dev.netshrink.orchestrator.pool.AssignmentSender;
import dev.netshrink.orchestrator.pool.WorkerPool;
import dev.netshrink.orchestrator.report.ReportWriter;
import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.CampaignOutcome;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Only wires the system together: spawns the worker pool and the campaign manager. */
final class Guardian {

  /** The long-lived actors the non-actor parts (ingest, HTTP) talk to. */
  record Wiring(ActorRef<WorkerPool.Command> pool, ActorRef<CampaignManager.Command> manager) {}

  private Guardian() {}

  static Behavior<Void> create(
      OrchestratorSettings settings,
      AssignmentSender sender,
      Consumer<CampaignEvent> eventSink,
      Consumer<CampaignOutcome> outcomeSink,
      TrialOutcomes trialOutcomes,
      ReportWriter reports,
      Executor blocking,
      CampaignMetrics metrics,
      CompletableFuture<Wiring> ready) {
    return Behaviors.setup(
        ctx -> {
          ActorRef<WorkerPool.Command> pool =
              ctx.spawn(
                  WorkerPool.create(
                      sender, settings.heartbeatTimeout(), System::currentTimeMillis, metrics),
                  "worker-pool");
          ActorRef<CampaignManager.Command> manager =
              ctx.spawn(
                  CampaignManager.create(
                      new CampaignContext(
                          pool,
                          eventSink,
                          outcomeSink,
                          trialOutcomes,
                          reports,
                          blocking,
                          settings.attempts(),
                          metrics,
                          settings.metricsRetention())),
                  "campaigns");
          ready.complete(new Wiring(pool, manager));
          return Behaviors.empty();
        });
  }
}
