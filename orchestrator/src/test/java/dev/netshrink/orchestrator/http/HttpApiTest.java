package dev.netshrink.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.orchestrator.campaign.CampaignManager;
import dev.netshrink.orchestrator.pool.WorkerPool;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.WorkerView;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
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
          "c1", "t", CampaignStatus.RUNNING, 0L, List.of(), List.of(), null, List.of());
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
                    list.replyTo().tell(List.of(C1));
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
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
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
    assertThat(list.body()).startsWith("[").contains("\"campaignId\":\"c1\"");
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(one.body()).startsWith("{").contains("\"campaignId\":\"c1\"");
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(none.body()).contains("no campaign c9");
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
