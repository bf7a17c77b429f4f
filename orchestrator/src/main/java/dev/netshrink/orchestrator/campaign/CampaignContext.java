package dev.netshrink.orchestrator.campaign;

import dev.netshrink.orchestrator.metrics.CampaignMetrics;
import dev.netshrink.orchestrator.pool.WorkerPool;
import dev.netshrink.orchestrator.report.ReportWriter;
import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.CampaignOutcome;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a campaign actor needs from the rest of the system: the pool to run jobs, a sink for the
 * events it emits itself, where finished campaigns' and trials' outcomes are kept, the report
 * writer, an executor for blocking work, and the metrics it keeps for {@code metricsRetention}
 * after the campaign ends.
 */
public record CampaignContext(
    ActorRef<WorkerPool.Command> pool,
    Consumer<CampaignEvent> eventSink,
    Consumer<CampaignOutcome> outcomeSink,
    TrialOutcomes trialOutcomes,
    ReportWriter reportWriter,
    Executor blockingExecutor,
    AttemptLimits attempts,
    CampaignMetrics metrics,
    Duration metricsRetention) {

  public CampaignContext withEventSink(Consumer<CampaignEvent> sink) {
    return new CampaignContext(
        pool,
        sink,
        outcomeSink,
        trialOutcomes,
        reportWriter,
        blockingExecutor,
        attempts,
        metrics,
        metricsRetention);
  }
}
