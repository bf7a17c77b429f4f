package dev.netshrink.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.netshrink.orchestrator.OrchestratorSettings;
import dev.netshrink.orchestrator.campaign.CampaignManager;
import dev.netshrink.orchestrator.pool.WorkerPool;
import dev.netshrink.protocol.topic.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpApiSecurityTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static ServerBinding binding;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void bind() throws Exception {
    // no publisher: every request here is refused before anything is written to Kafka
    HttpApi api =
        new HttpApi(
            testKit.system(),
            testKit.<CampaignManager.Command>createTestProbe().getRef(),
            testKit.<WorkerPool.Command>createTestProbe().getRef(),
            new CampaignSubmitter(null, Topics.withDefaultPrefix()),
            "s3cret",
            Duration.ofSeconds(1),
            new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT),
            ModelDownloads.NONE);
    binding =
        Http.get(testKit.system())
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
  void theApiListensOnLoopbackByDefault() {
    assertThat(OrchestratorSettings.from(ConfigFactory.load()).httpHost()).isEqualTo("127.0.0.1");
  }

  @Test
  void submittingWithoutTheTokenIsRefused() throws Exception {
    HttpResponse<String> response = post(null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("Authorization: Bearer");
  }

  @Test
  void submittingWithAWrongTokenIsRefused() throws Exception {
    assertThat(post("Bearer guess").statusCode()).isEqualTo(401);
  }

  @Test
  void theRightTokenReachesSpecValidation() throws Exception {
    HttpResponse<String> response = post("Bearer s3cret");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("teacher.epoch").contains("unknown field");
  }

  private HttpResponse<String> post(String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:" + binding.localAddress().getPort() + "/api/campaigns"))
            .POST(HttpRequest.BodyPublishers.ofString("teacher:\n  epoch: 1\n"));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
