package dev.netshrink.orchestrator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.netshrink.orchestrator.campaign.CampaignManager;
import dev.netshrink.orchestrator.pool.WorkerPool;
import dev.netshrink.protocol.spec.InvalidSpecException;
import dev.netshrink.protocol.wire.Json;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import dev.netshrink.protocol.view.CampaignView;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * The HTTP API: submit a campaign (YAML or JSON body), list and inspect campaigns, list live
 * workers; {@code /metrics} in Prometheus text format and {@code /api/prometheus-sd}, the live
 * workers' metrics endpoints for Prometheus' {@code http_sd_configs}. Every ask has a timeout; a bad spec is a 400 naming each field and reason; with a
 * token configured, submitting needs it.
 */
public final class HttpApi extends AllDirectives {

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

  private final ActorSystem<?> system;
  private final ActorRef<CampaignManager.Command> manager;
  private final ActorRef<WorkerPool.Command> pool;
  private final CampaignSubmitter submitter;
  private final String token;
  private final PrometheusMeterRegistry metrics;

  /** {@code token}: empty for an open API (it listens on loopback by default). */
  public HttpApi(ActorSystem<?> system, ActorRef<CampaignManager.Command> manager,
      ActorRef<WorkerPool.Command> pool, CampaignSubmitter submitter, String token,
      PrometheusMeterRegistry metrics) {
    this.metrics = metrics;
    this.system = system;
    this.manager = manager;
    this.pool = pool;
    this.submitter = submitter;
    this.token = token;
  }

  public Route routes() {
    return concat(path("metrics", () -> get(() -> complete(HttpEntities.create(
        ContentTypes.TEXT_PLAIN_UTF8, metrics.scrape())))), pathPrefix("api", () -> concat(
        path("campaigns", () -> concat(
            post(() -> authorized(() -> entity(Unmarshaller.entityToString(), this::submit))),
            get(() -> completeWithFuture(json(AskPattern.ask(manager,
                CampaignManager.ListCampaigns::new, ASK_TIMEOUT, system.scheduler())))))),
        path(PathMatchers.segment("campaigns").slash(PathMatchers.segment()), id ->
            get(() -> completeWithFuture(AskPattern.<CampaignManager.Command, Optional<CampaignView>>ask(manager,
                    replyTo -> new CampaignManager.GetCampaign(id, replyTo), ASK_TIMEOUT,
                    system.scheduler())
                .thenApply(found -> found.map(view -> response(StatusCodes.OK, view))
                    .orElseGet(() -> response(StatusCodes.NOT_FOUND,
                        Map.of("error", "no campaign " + id))))))),
        path("workers", () -> get(() -> completeWithFuture(json(AskPattern.ask(pool,
            WorkerPool.ListWorkers::new, ASK_TIMEOUT, system.scheduler()))))),
        path("prometheus-sd", () -> get(() -> completeWithFuture(json(AskPattern.ask(pool,
            WorkerPool.ListWorkers::new, ASK_TIMEOUT, system.scheduler())
            .thenApply(PrometheusTargets::of))))))));
  }

  /** Mutating requests need {@code Authorization: Bearer TOKEN} when a token is configured. */
  private Route authorized(java.util.function.Supplier<Route> inner) {
    if (token.isEmpty()) {
      return inner.get();
    }
    return optionalHeaderValueByName("Authorization", header ->
        header.filter(h -> constantTimeEquals(h, "Bearer " + token)).isPresent()
            ? inner.get()
            : complete(response(StatusCodes.UNAUTHORIZED,
                Map.of("error", "this API needs 'Authorization: Bearer <token>' "
                    + "(the token set in netshrink.orchestrator.http.token)"))));
  }

  private static boolean constantTimeEquals(String a, String b) {
    return java.security.MessageDigest.isEqual(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private Route submit(String body) {
    try {
      return completeWithFuture(submitter.submit(body)
          .thenApply(id -> response(StatusCodes.CREATED, Map.of("campaignId", id)))
          .exceptionally(e -> response(StatusCodes.SERVICE_UNAVAILABLE,
              Map.of("error", "could not record the submission: " + e.getMessage()))));
    } catch (InvalidSpecException e) {
      return complete(response(StatusCodes.BAD_REQUEST, Map.of("errors", e.errors())));
    }
  }

  private static CompletionStage<HttpResponse> json(CompletionStage<?> value) {
    return value.thenApply(v -> response(StatusCodes.OK, v))
        .exceptionally(e -> response(StatusCodes.SERVICE_UNAVAILABLE,
            Map.of("error", String.valueOf(e.getMessage()))));
  }

  static HttpResponse response(StatusCode status, Object body) {
    try {
      return HttpResponse.create().withStatus(status).withEntity(HttpEntities.create(
          ContentTypes.APPLICATION_JSON, Json.MAPPER.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      return HttpResponse.create().withStatus(StatusCodes.INTERNAL_SERVER_ERROR);
    }
  }
}
