package dev.netshrink.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.wire.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The follower through an orchestrator that is down, then answers 503, then answers: the HTTP side
 * of a restart, served by a stand-in on the orchestrator's port (a real restart is in
 * OrchestratorRestartIntegrationTest; here the point is the client's patience).
 */
class FollowerRetryTest {

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private volatile HttpServer server;

  @org.junit.jupiter.api.AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void followsThroughAnOrchestratorThatIsDownThenBusyThenBack() throws Exception {
    int port = freePort();
    AtomicInteger calls = new AtomicInteger();
    CampaignView done =
        new CampaignView(
            "c-1", "back", CampaignStatus.SUCCEEDED, 1L, List.of(), List.of(), "/r", null);
    Thread late =
        new Thread(
            () -> {
              try {
                Thread.sleep(1_500); // refused until then
                serve(port, calls, done);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    late.start();

    CampaignView seen = follower(port, Duration.ofMinutes(1)).follow("c-1");

    assertThat(seen.state()).isEqualTo(CampaignStatus.SUCCEEDED);
    assertThat(calls.get()).as("two 503s, then the view").isEqualTo(3);
    String said = err.toString(StandardCharsets.UTF_8);
    assertThat(said.lines())
        .hasSize(2)
        .first()
        .asString()
        .startsWith("netshrink: cannot reach the orchestrator at http://127.0.0.1:" + port)
        .endsWith("; retrying for up to 60 s");
    assertThat(said.lines().skip(1)).singleElement().asString().contains("answers again");
  }

  @Test
  void givesUpWithTheLastErrorOncePatienceIsSpent() throws Exception {
    int port = freePort();

    assertThatThrownBy(() -> follower(port, Duration.ofSeconds(2)).follow("c-1"))
        .isInstanceOf(ApiClient.UnreachableException.class);
  }

  private CampaignFollower follower(int port, Duration patience) {
    return new CampaignFollower(
        new ApiClient("http://127.0.0.1:" + port),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        patience,
        Duration.ofSeconds(15));
  }

  private void serve(int port, AtomicInteger calls, CampaignView done) throws IOException {
    server =
        HttpServer.create(
            new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 0);
    server.createContext(
        "/api/campaigns/c-1",
        exchange -> {
          byte[] body =
              calls.incrementAndGet() <= 2
                  ? "restarting".getBytes(StandardCharsets.UTF_8)
                  : Json.MAPPER.writeValueAsBytes(done);
          exchange.sendResponseHeaders(calls.get() <= 2 ? 503 : 200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
