package dev.netshrink.orchestrator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.netshrink.orchestrator.campaign.CampaignManager;
import dev.netshrink.orchestrator.pool.WorkerPool;
import dev.netshrink.protocol.spec.InvalidSpecException;
import dev.netshrink.protocol.view.CampaignSummary;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.ModelView;
import dev.netshrink.protocol.view.WorkerView;
import dev.netshrink.protocol.wire.Json;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
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
 * The HTTP API: submit a campaign (YAML or JSON body), list campaigns (a page of summaries) and
 * inspect one (whole, or its trials, sweep points, models and Food-11 predictions a page at a
 * time), download one of its models (when the process has the model classes: {@link
 * ModelDownloads}), list live workers; {@code /metrics} in Prometheus text format and {@code
 * /api/prometheus-sd}, the live workers' metrics endpoints for Prometheus' {@code http_sd_configs};
 * the orders a running campaign obeys are {@link ControlRoutes}; the web console, at {@code
 * /console/}, is {@link ConsoleRoutes}. One method per resource; every ask waits at most {@code
 * askTimeout}; a bad spec is a 400 naming each field and reason; with a token configured,
 * submitting needs it.
 */
public final class HttpApi extends AllDirectives {

  private final ActorSystem<?> system;
  private final ActorRef<CampaignManager.Command> manager;
  private final ActorRef<WorkerPool.Command> pool;
  private final CampaignSubmitter submitter;
  private final String token;
  private final Duration askTimeout;
  private final PrometheusMeterRegistry metrics;
  private final ModelDownloads downloads;

  /** {@code token}: empty for an open API (it listens on loopback by default). */
  public HttpApi(
      ActorSystem<?> system,
      ActorRef<CampaignManager.Command> manager,
      ActorRef<WorkerPool.Command> pool,
      CampaignSubmitter submitter,
      String token,
      Duration askTimeout,
      PrometheusMeterRegistry metrics,
      ModelDownloads downloads) {
    this.metrics = metrics;
    this.downloads = downloads;
    this.system = system;
    this.manager = manager;
    this.pool = pool;
    this.submitter = submitter;
    this.token = token;
    this.askTimeout = askTimeout;
  }

  public Route routes() {
    return concat(
        ownMetrics(),
        new ConsoleRoutes().routes(),
        pathPrefix(
            "api",
            () ->
                concat(
                    campaigns(),
                    campaign(),
                    new ControlRoutes(system, manager, askTimeout, this::authorized).routes(),
                    campaignPage("trials", CampaignView::trials),
                    campaignPage("pruning", CampaignView::pruning),
                    campaignPage("models", ModelView::of),
                    // each item one trial's predictions (thousands of rows): ask a few at a time
                    campaignPage(
                        "predictions",
                        view -> view.predictions() == null ? List.of() : view.predictions()),
                    model(),
                    workers(),
                    prometheusTargets())));
  }

  /** {@code GET /metrics}: the orchestrator's own metrics, Prometheus text format. */
  private Route ownMetrics() {
    return path(
        "metrics",
        () ->
            get(
                () ->
                    complete(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, metrics.scrape()))));
  }

  /**
   * {@code POST /api/campaigns} submits a spec (with the token); {@code GET ?offset=&limit=} gives
   * a page of campaign summaries, oldest first.
   */
  private Route campaigns() {
    return path(
        "campaigns",
        () ->
            concat(
                post(() -> authorized(() -> entity(Unmarshaller.entityToString(), this::submit))),
                get(
                    () ->
                        paged(
                            paging ->
                                json(
                                    this.<CampaignManager.Command, List<CampaignView>>ask(
                                            manager, CampaignManager.ListCampaigns::new)
                                        .thenApply(
                                            all ->
                                                paging.of(
                                                    all.stream()
                                                        .sorted(OLDEST_FIRST)
                                                        .map(CampaignSummary::of)
                                                        .toList())))))));
  }

  private static final Comparator<CampaignView> OLDEST_FIRST =
      Comparator.comparingLong(CampaignView::submittedAtMillis)
          .thenComparing(CampaignView::campaignId);

  /** {@code GET /api/campaigns/{id}}: one campaign, or a 404. */
  private Route campaign() {
    return path(
        PathMatchers.segment("campaigns").slash(PathMatchers.segment()),
        id -> get(() -> completeWithFuture(withCampaign(id, view -> view))));
  }

  /** {@code GET /api/campaigns/{id}/NAME?offset=&limit=}: a page of one of its lists, or a 404. */
  private Route campaignPage(String name, Function<CampaignView, List<?>> list) {
    return path(
        PathMatchers.segment("campaigns").slash(PathMatchers.segment()).slash(name),
        id -> get(() -> paged(paging -> withCampaign(id, view -> paging.of(list.apply(view))))));
  }

  /**
   * {@code GET /api/campaigns/{id}/models/{model}}: the model as a zip of the folder `netshrink
   * export` writes (model ids have slashes: {@code kd-a0.5-t4/l2-structured/0.50}).
   */
  private Route model() {
    return path(
        PathMatchers.segment("campaigns")
            .slash(PathMatchers.segment())
            .slash("models")
            .slash(PathMatchers.remaining()),
        (id, model) -> get(() -> completeWithFuture(download(id, model))));
  }

  private CompletionStage<HttpResponse> download(String id, String model) {
    return this.<CampaignManager.Command, Optional<CampaignView>>ask(
            manager, replyTo -> new CampaignManager.GetCampaign(id, replyTo))
        .thenCompose(
            found ->
                found
                    .map(view -> downloads.fetch(view, model).thenApply(HttpApi::downloaded))
                    .orElseGet(
                        () ->
                            java.util.concurrent.CompletableFuture.completedFuture(
                                response(
                                    StatusCodes.NOT_FOUND, Map.of("error", "no campaign " + id)))))
        .exceptionally(HttpApi::unavailable);
  }

  private static HttpResponse downloaded(ModelDownloads.Download download) {
    if (download instanceof ModelDownloads.Download.Archive archive) {
      return HttpResponse.create()
          .withStatus(StatusCodes.OK)
          .addHeader(
              org.apache.pekko.http.javadsl.model.headers.ContentDisposition.create(
                  org.apache.pekko.http.javadsl.model.headers.ContentDispositionTypes.ATTACHMENT,
                  Map.of("filename", archive.fileName())))
          .withEntity(
              HttpEntities.create(
                  org.apache.pekko.http.javadsl.model.ContentTypes.create(
                      org.apache.pekko.http.javadsl.model.MediaTypes.APPLICATION_ZIP),
                  archive.zip()));
    }
    ModelDownloads.Download.Refused refused = (ModelDownloads.Download.Refused) download;
    return response(StatusCodes.get(refused.status()), Map.of("error", refused.reason()));
  }

  private CompletionStage<HttpResponse> withCampaign(
      String id, Function<CampaignView, Object> body) {
    return this.<CampaignManager.Command, Optional<CampaignView>>ask(
            manager, replyTo -> new CampaignManager.GetCampaign(id, replyTo))
        .thenApply(
            found ->
                found
                    .map(view -> response(StatusCodes.OK, body.apply(view)))
                    .orElseGet(
                        () ->
                            response(StatusCodes.NOT_FOUND, Map.of("error", "no campaign " + id))))
        .exceptionally(HttpApi::unavailable);
  }

  /**
   * Completes with {@code page} for the request's offset and limit, or a 400 naming the bad one.
   */
  private Route paged(Function<Paging, CompletionStage<HttpResponse>> page) {
    return parameterOptional(
        "offset",
        offset ->
            parameterOptional(
                "limit",
                limit -> {
                  Paging paging;
                  try {
                    paging = Paging.parse(offset, limit);
                  } catch (Paging.BadParameter e) {
                    return complete(
                        response(StatusCodes.BAD_REQUEST, Map.of("error", e.getMessage())));
                  }
                  return completeWithFuture(page.apply(paging));
                }));
  }

  /** {@code GET /api/workers}: the live workers. */
  private Route workers() {
    return path("workers", () -> get(() -> completeWithFuture(json(liveWorkers()))));
  }

  /** {@code GET /api/prometheus-sd}: the live workers' metrics endpoints, as Prometheus targets. */
  private Route prometheusTargets() {
    return path(
        "prometheus-sd",
        () -> get(() -> completeWithFuture(json(liveWorkers().thenApply(PrometheusTargets::of)))));
  }

  private CompletionStage<List<WorkerView>> liveWorkers() {
    return ask(pool, WorkerPool.ListWorkers::new);
  }

  private <M, R> CompletionStage<R> ask(ActorRef<M> target, Function<ActorRef<R>, M> message) {
    return AskPattern.ask(target, message::apply, askTimeout, system.scheduler());
  }

  /** Mutating requests need {@code Authorization: Bearer TOKEN} when a token is configured. */
  private Route authorized(Supplier<Route> inner) {
    if (token.isEmpty()) {
      return inner.get();
    }
    return optionalHeaderValueByName(
        "Authorization",
        header ->
            header.filter(h -> constantTimeEquals(h, "Bearer " + token)).isPresent()
                ? inner.get()
                : complete(
                    response(
                        StatusCodes.UNAUTHORIZED,
                        Map.of(
                            "error",
                            "this API needs 'Authorization: Bearer <token>' "
                                + "(the token set in netshrink.orchestrator.http.token)"))));
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private Route submit(String body) {
    try {
      return completeWithFuture(
          submitter
              .submit(body)
              .thenApply(id -> response(StatusCodes.CREATED, Map.of("campaignId", id)))
              .exceptionally(
                  e ->
                      response(
                          StatusCodes.SERVICE_UNAVAILABLE,
                          Map.of("error", "could not record the submission: " + e.getMessage()))));
    } catch (InvalidSpecException e) {
      return complete(response(StatusCodes.BAD_REQUEST, Map.of("errors", e.errors())));
    }
  }

  private static CompletionStage<HttpResponse> json(CompletionStage<?> value) {
    return value.thenApply(v -> response(StatusCodes.OK, v)).exceptionally(HttpApi::unavailable);
  }

  private static HttpResponse unavailable(Throwable e) {
    return response(
        StatusCodes.SERVICE_UNAVAILABLE, Map.of("error", String.valueOf(e.getMessage())));
  }

  static HttpResponse response(StatusCode status, Object body) {
    try {
      return HttpResponse.create()
          .withStatus(status)
          .withEntity(
              HttpEntities.create(
                  ContentTypes.APPLICATION_JSON, Json.MAPPER.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      return HttpResponse.create().withStatus(StatusCodes.INTERNAL_SERVER_ERROR);
    }
  }
}
