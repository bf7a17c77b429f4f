package dev.netshrink.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.netshrink.orchestrator.campaign.CampaignManager;
import dev.netshrink.orchestrator.pool.WorkerPool;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignSummary;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.Page;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialView;
import dev.netshrink.protocol.view.WorkerView;
import dev.netshrink.protocol.wire.Json;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each resource answers as before the routes were split, within the configured ask timeout. */
class HttpApiTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Duration ASK_TIMEOUT = Duration.ofMillis(300);
  private static final CampaignView C1 =
      new CampaignView(
          "c1",
          "t",
          CampaignStatus.RUNNING,
          20L,
          List.of(
              trial("c1/a", TrialStatus.SUCCEEDED),
              trial("c1/b", TrialStatus.RUNNING),
              trial("c1/c", TrialStatus.SUCCEEDED)),
          List.of(),
          null,
          List.of());
  private static final CampaignView C0 =
      new CampaignView(
          "c0", "t", CampaignStatus.SUCCEEDED, 10L, List.of(), List.of(), "/r", List.of());
  private static final CampaignView C2 =
      new CampaignView(
          "c2", "t", CampaignStatus.FAILED, 30L, List.of(), List.of(), null, List.of());
  private static ServerBinding answering;
  private static ServerBinding silent;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void bind() throws Exception {
    ActorRef<CampaignManager.Command> manager =
        testKit.spawn(
            Behaviors.<CampaignManager.Command>receiveMessage(
                msg -> {
                  if (msg instanceof CampaignManager.ListCampaigns list) {
                    list.replyTo().tell(List.of(C2, C1, C0));
                  } else if (msg instanceof CampaignManager.GetCampaign get) {
                    get.replyTo()
                        .tell(Optional.of(C1).filter(c -> c.campaignId().equals(get.campaignId())));
                  }
                  return Behaviors.same();
                }));
    ActorRef<WorkerPool.Command> pool =
        testKit.spawn(
            Behaviors.<WorkerPool.Command>receiveMessage(
                msg -> {
                  if (msg instanceof WorkerPool.ListWorkers list) {
                    list.replyTo()
                        .tell(
                            List.of(
                                new WorkerView(
                                    "w1", "student", null, 10, "http://10.0.0.7:9400/metrics")));
                  }
                  return Behaviors.same();
                }));
    answering = bind(manager, pool);
    silent =
        bind(
            testKit.<CampaignManager.Command>createTestProbe().getRef(),
            testKit.<WorkerPool.Command>createTestProbe().getRef());
  }

  private static ServerBinding bind(
      ActorRef<CampaignManager.Command> manager, ActorRef<WorkerPool.Command> pool)
      throws Exception {
    HttpApi api =
        new HttpApi(
            testKit.system(),
            manager,
            pool,
            new CampaignSubmitter(null, Topics.withDefaultPrefix()),
            "",
            ASK_TIMEOUT,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            ModelDownloads.NONE);
    return Http.get(testKit.system())
        .newServerAt("127.0.0.1", 0)
        .bind(api.routes())
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void campaignsAreListedAndFoundById() throws Exception {
    HttpResponse<String> list = get(answering, "/api/campaigns");
    HttpResponse<String> one = get(answering, "/api/campaigns/c1");
    HttpResponse<String> none = get(answering, "/api/campaigns/c9");

    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).startsWith("{").contains("\"campaignId\":\"c1\"");
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(one.body()).startsWith("{").contains("\"campaignId\":\"c1\"");
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(none.body()).contains("no campaign c9");
  }

  @Test
  void theListIsAPageOfSummariesOldestFirst() throws Exception {
    Page<CampaignSummary> first = page(get(answering, "/api/campaigns?limit=2"));
    Page<CampaignSummary> rest = page(get(answering, "/api/campaigns?offset=2&limit=2"));

    assertThat(first.items()).extracting(CampaignSummary::campaignId).containsExactly("c0", "c1");
    assertThat(first.total()).isEqualTo(3);
    assertThat(first.hasMore()).isTrue();
    assertThat(rest.items()).extracting(CampaignSummary::campaignId).containsExactly("c2");
    assertThat(rest.hasMore()).isFalse();
    CampaignSummary c1 = first.items().get(1);
    assertThat(c1.trials()).isEqualTo(3);
    assertThat(c1.trialsByState())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(TrialStatus.SUCCEEDED, 2, TrialStatus.RUNNING, 1));
    assertThat(get(answering, "/api/campaigns").body())
        .as("summaries carry no trial histories")
        .contains("\"succeeded\":2")
        .doesNotContain("\"epochs\"");
  }

  @Test
  void aCampaignsTrialsComeAPageAtATime() throws Exception {
    HttpResponse<String> second = get(answering, "/api/campaigns/c1/trials?offset=1&limit=1");
    HttpResponse<String> pruning = get(answering, "/api/campaigns/c1/pruning");
    HttpResponse<String> unknown = get(answering, "/api/campaigns/c9/trials");

    assertThat(second.statusCode()).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(second.body());
    assertThat(body.get("items")).hasSize(1);
    assertThat(body.get("items").get(0).get("trialId").asText()).isEqualTo("c1/b");
    assertThat(body.get("total").asInt()).isEqualTo(3);
    assertThat(Json.MAPPER.readTree(pruning.body()).get("total").asInt()).isZero();
    assertThat(unknown.statusCode()).isEqualTo(404);
  }

  @Test
  void aBadOffsetOrLimitIsA400NamingIt() throws Exception {
    assertThat(get(answering, "/api/campaigns?limit=0").body())
        .contains("limit: 0 is outside 1..1000");
    assertThat(get(answering, "/api/campaigns/c1/trials?limit=5000").body())
        .contains("limit: 5000 is outside 1..1000");
    assertThat(get(answering, "/api/campaigns?offset=-1").body())
        .contains("offset: -1 is outside 0..2147483647");
    HttpResponse<String> word = get(answering, "/api/campaigns?offset=ten");
    assertThat(word.statusCode()).isEqualTo(400);
    assertThat(word.body()).contains("offset: 'ten' is not a whole number");
  }

  private static Page<CampaignSummary> page(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).isEqualTo(200);
    return Json.MAPPER.readValue(response.body(), new TypeReference<>() {});
  }

  private static TrialView trial(String id, TrialStatus state) {
    return new TrialView(
        id, id, "student", 0.5, 4.0, state, 1, null, List.of(), 0, null, null, null, null, null,
        null);
  }

  @Test
  void aModelDownloadWithoutModelClassesIsA501ThatSaysHowToExport() throws Exception {
    HttpResponse<String> here =
        get(answering, "/api/campaigns/c1/models/kd-a0.5-t4/l2-structured/0.50");
    HttpResponse<String> none = get(answering, "/api/campaigns/nope/models/teacher");

    assertThat(here.statusCode()).isEqualTo(501);
    assertThat(here.body()).contains("netshrink export c1 kd-a0.5-t4/l2-structured/0.50 --out DIR");
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(none.body()).contains("no campaign nope");
  }

  @Test
  void workersAndTheirPrometheusTargetsAreListed() throws Exception {
    HttpResponse<String> workers = get(answering, "/api/workers");
    HttpResponse<String> targets = get(answering, "/api/prometheus-sd");

    assertThat(workers.statusCode()).isEqualTo(200);
    assertThat(workers.body()).contains("\"workerId\":\"w1\"");
    assertThat(targets.statusCode()).isEqualTo(200);
    assertThat(targets.body())
        .contains("\"targets\":[\"10.0.0.7:9400\"]")
        .contains("\"worker\":\"w1\"");
  }

  @Test
  void metricsAreInPrometheusTextFormat() throws Exception {
    HttpResponse<String> metrics = get(answering, "/metrics");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
  }

  @Test
  void anActorThatDoesNotAnswerIsA503AfterTheAskTimeout() throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> list = get(silent, "/api/campaigns");
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(list.statusCode()).isEqualTo(503);
    assertThat(millis).isBetween(ASK_TIMEOUT.toMillis(), 5_000L);
    assertThat(get(silent, "/api/workers").statusCode()).isEqualTo(503);
  }

  private HttpResponse<String> get(ServerBinding binding, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + path))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
