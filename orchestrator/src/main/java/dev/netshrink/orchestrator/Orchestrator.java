package dev.netshrink.orchestrator;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.netshrink.orchestrator.campaign.TrialOutcomes;
import dev.netshrink.orchestrator.http.CampaignSubmitter;
import dev.netshrink.orchestrator.http.HttpApi;
import dev.netshrink.orchestrator.http.ModelDownloads;
import dev.netshrink.orchestrator.ingest.EventIngest;
import dev.netshrink.orchestrator.metrics.CampaignMetrics;
import dev.netshrink.orchestrator.report.FileReportWriter;
import dev.netshrink.orchestrator.topics.TopicProvisioner;
import dev.netshrink.orchestrator.topics.TopicSpec;
import dev.netshrink.protocol.event.TrialOutcome;
import dev.netshrink.protocol.kafka.DeadLetters;
import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.kafka.RecordPublisher;
import dev.netshrink.protocol.metrics.MetricNames;
import dev.netshrink.protocol.metrics.ProcessMetrics;
import dev.netshrink.protocol.topic.TopicDescriptor;
import dev.netshrink.protocol.topic.Topics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running orchestrator: topics provisioned, the actor system up, the event log replayed and
 * followed, the HTTP API bound. Close it to stop everything in reverse order.
 */
public final class Orchestrator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Orchestrator.class);
  private static final String PEKKO =
      """
      pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
      pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
      pekko.loglevel = INFO
      pekko.coordinated-shutdown.exit-jvm = off
      pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
      """;

  private final ActorSystem<Void> system;
  private final RecordPublisher publisher;
  private final EventIngest ingest;
  private final ServerBinding binding;
  private final ExecutorService blocking;
  private final DeadLetters deadLetters;

  private Orchestrator(
      ActorSystem<Void> system,
      RecordPublisher publisher,
      EventIngest ingest,
      ServerBinding binding,
      ExecutorService blocking,
      DeadLetters deadLetters) {
    this.system = system;
    this.publisher = publisher;
    this.ingest = ingest;
    this.binding = binding;
    this.blocking = blocking;
    this.deadLetters = deadLetters;
  }

  /** An orchestrator without model classes: its download route answers 501. */
  public static Orchestrator start(OrchestratorSettings settings) throws Exception {
    return start(settings, ModelDownloads.NONE);
  }

  /** {@code downloads}: how this process turns a campaign's model into an archive. */
  public static Orchestrator start(OrchestratorSettings settings, ModelDownloads downloads)
      throws Exception {
    Topics topics = settings.topics();
    provisionTopics(settings);
    RecordPublisher publisher = new RecordPublisher(settings.kafka(), "netshrink-orchestrator");
    PrometheusMeterRegistry metrics =
        ProcessMetrics.bind(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    publisher.bindMetrics(metrics);
    DeadLetters deadLetters = new DeadLetters(publisher, topics, "orchestrator", metrics);
    ExecutorService blocking =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "netshrink-orchestrator-io");
              t.setDaemon(true);
              return t;
            });
    CompletableFuture<Guardian.Wiring> ready = new CompletableFuture<>();
    Config config = ConfigFactory.parseString(PEKKO).withFallback(ConfigFactory.load());
    ActorSystem<Void> system =
        ActorSystem.create(
            Guardian.create(
                settings,
                (workerId, assignment) ->
                    publisher
                        .publish(topics.assignments(), workerId, assignment)
                        .exceptionally(
                            e -> {
                              log.error(
                                  "assignment {} to {} not delivered",
                                  assignment.jobId(),
                                  workerId,
                                  e);
                              return null;
                            }),
                event -> publisher.send(topics.events(), event.campaignId(), event),
                outcome -> publisher.send(topics.outcomes(), outcome.campaignId(), outcome),
                new TrialOutcomes() {
                  @Override
                  public void keep(TrialOutcome outcome) {
                    publisher.send(topics.trialOutcomes(), outcome.trialId(), outcome);
                  }

                  @Override
                  public void forget(String trialId) {
                    publisher.send(topics.trialOutcomes(), trialId, null); // a tombstone
                  }
                },
                new FileReportWriter(settings.reportsDir()),
                blocking,
                new CampaignMetrics(metrics, settings.metricsKeepFinished()),
                ready),
            "netshrink",
            config);
    Guardian.Wiring wiring = ready.get(30, TimeUnit.SECONDS);
    EventIngest ingest =
        new EventIngest(settings.kafka(), topics, deadLetters, wiring.manager(), wiring.pool());
    ingest.start();
    FunctionCounter.builder(MetricNames.EVENTS_PROCESSED, ingest, EventIngest::eventsProcessed)
        .description("campaign events folded into the orchestrator's state")
        .register(metrics);
    Gauge.builder(MetricNames.EVENT_LAG, ingest, EventIngest::eventLag)
        .description("records of the events topic the orchestrator has not read yet")
        .register(metrics);
    HttpApi api =
        new HttpApi(
            system,
            wiring.manager(),
            wiring.pool(),
            new CampaignSubmitter(publisher, topics),
            settings.apiToken(),
            settings.httpAskTimeout(),
            metrics,
            downloads);
    ServerBinding binding =
        Http.get(system)
            .newServerAt(settings.httpHost(), settings.httpPort())
            .bind(api.routes())
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    log.info(
        "orchestrator API on http://{}:{}/api",
        settings.httpHost(),
        binding.localAddress().getPort());
    return new Orchestrator(system, publisher, ingest, binding, blocking, deadLetters);
  }

  static void provisionTopics(OrchestratorSettings settings) throws Exception {
    provisionTopics(settings.kafka(), settings.topics());
  }

  /** Creates every netshrink topic under {@code topics}' prefix that does not exist yet. */
  public static void provisionTopics(KafkaSettings kafka, Topics topics) throws Exception {
    try (Admin admin = Admin.create(kafka.admin())) {
      List<TopicSpec> specs = topics.all().stream().map(Orchestrator::topicSpec).toList();
      new TopicProvisioner(admin, Duration.ofSeconds(30)).ensure(specs);
    }
  }

  private static TopicSpec topicSpec(TopicDescriptor<?, ?> t) {
    return new TopicSpec(
        t.name(),
        t.partitions(),
        t.compacted() ? TopicSpec.CleanupPolicy.COMPACT : TopicSpec.CleanupPolicy.DELETE,
        t.retentionBytes(),
        2 * 1024 * 1024);
  }

  public int httpPort() {
    return binding.localAddress().getPort();
  }

  public long deadLetterCount() {
    return deadLetters.count();
  }

  @Override
  public void close() {
    binding.unbind();
    ingest.close();
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("actor system did not stop in time", e);
    }
    publisher.close();
    blocking.shutdownNow();
  }
}
