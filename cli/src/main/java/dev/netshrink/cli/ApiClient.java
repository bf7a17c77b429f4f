package dev.netshrink.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.netshrink.protocol.spec.InvalidSpecException;
import dev.netshrink.protocol.spec.SpecError;
import dev.netshrink.protocol.view.AddOrder;
import dev.netshrink.protocol.view.CampaignSummary;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.ControlOutcome;
import dev.netshrink.protocol.view.LimitOrder;
import dev.netshrink.protocol.view.Page;
import dev.netshrink.protocol.view.PredictionsView;
import dev.netshrink.protocol.view.TrialsOrder;
import dev.netshrink.protocol.view.WorkerView;
import dev.netshrink.protocol.wire.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The CLI's side of the orchestrator's HTTP API; sends NETSHRINK_API_TOKEN when it is set. */
public final class ApiClient {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;

  public ApiClient(String baseUrl) {
    this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
  }

  /** Returns the new campaign id; a rejected spec throws {@link InvalidSpecException}. */
  public String submit(String specText) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve("api/campaigns"))
            .header("Content-Type", "application/yaml")
            .POST(HttpRequest.BodyPublishers.ofString(specText));
    HttpResponse<String> response = send(withToken(request));
    JsonNode body = Json.MAPPER.readTree(response.body());
    if (response.statusCode() == 400 && body.has("errors")) {
      List<SpecError> errors = new ArrayList<>();
      body.get("errors")
          .forEach(
              e -> errors.add(new SpecError(e.path("field").asText(), e.path("reason").asText())));
      throw new InvalidSpecException(errors);
    }
    if (response.statusCode() != 201) {
      throw new IOException("submission failed (" + response.statusCode() + "): " + body);
    }
    return body.get("campaignId").asText();
  }

  /**
   * Stops {@code trials} of the running campaign (none: the whole campaign); returns the trials it
   * stops. An unknown campaign throws {@link NotFoundException}; an unknown trial or one that has
   * ended, or an ended campaign, {@link RefusedException}: nothing was changed.
   */
  public List<String> cancel(String campaignId, List<String> trials, String reason)
      throws IOException, InterruptedException {
    return order(campaignId, "cancel", new TrialsOrder(trials, reason));
  }

  /**
   * Runs failed or stopped {@code trials} of the running campaign again, from their checkpoints.
   */
  public List<String> retry(String campaignId, List<String> trials, String reason)
      throws IOException, InterruptedException {
    return order(campaignId, "retry", new TrialsOrder(trials, reason));
  }

  /** At most {@code maxConcurrent} trials of the campaign queued or running at once (0: no cap). */
  public void limit(String campaignId, int maxConcurrent) throws IOException, InterruptedException {
    order(campaignId, "limit", new LimitOrder(maxConcurrent));
  }

  /** Adds students to the running campaign; returns the names of the trials added. */
  public List<String> add(String campaignId, AddOrder order)
      throws IOException, InterruptedException {
    return order(campaignId, "add", order);
  }

  private List<String> order(String campaignId, String verb, Object order)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        send(
            withToken(
                HttpRequest.newBuilder(base.resolve("api/campaigns/" + campaignId + "/" + verb))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofByteArray(
                            Json.MAPPER.writeValueAsBytes(order)))));
    int status = response.statusCode();
    if (status == 200) {
      return Json.MAPPER.readValue(response.body(), ControlOutcome.class).trials();
    }
    String error = Json.MAPPER.readTree(response.body()).path("error").asText();
    if (status == 404) {
      throw new NotFoundException(error + "; `netshrink status` lists the campaigns");
    }
    if (status == 409 || status == 400) {
      throw new RefusedException(error + ": nothing was changed");
    }
    throw new IOException("cannot " + verb + " (" + status + "): " + response.body());
  }

  /** The orchestrator answered and refused the order, changing nothing. */
  public static final class RefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    RefusedException(String message) {
      super(message);
    }
  }

  /** Mutations carry NETSHRINK_API_TOKEN, when it is set. */
  private static HttpRequest.Builder withToken(HttpRequest.Builder request) {
    String token = System.getenv("NETSHRINK_API_TOKEN");
    if (token != null && !token.isEmpty()) {
      request.header("Authorization", "Bearer " + token);
    }
    return request;
  }

  /** The orchestrator did not answer: refused, timed out, or no such host. */
  public static final class UnreachableException extends IOException {
    private static final long serialVersionUID = 1L;

    UnreachableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The orchestrator answered and knows no such campaign. */
  public static final class NotFoundException extends IOException {
    private static final long serialVersionUID = 1L;

    NotFoundException(String message) {
      super(message);
    }
  }

  public CampaignView campaign(String id) throws IOException, InterruptedException {
    return findCampaign(id)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "the orchestrator at "
                        + base
                        + " has no campaign "
                        + id
                        + "; `netshrink status` lists the campaigns it has"));
  }

  /** Empty when the orchestrator does not know the id (yet: a submission takes a moment). */
  public Optional<CampaignView> findCampaign(String id) throws IOException, InterruptedException {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(base.resolve("api/campaigns/" + id)).GET());
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw new IOException(
          "cannot read campaign " + id + " (" + response.statusCode() + "): " + response.body());
    }
    return Optional.of(Json.MAPPER.readValue(response.body(), CampaignView.class));
  }

  /** Every campaign's summary, read a page at a time. */
  public List<CampaignSummary> campaigns() throws IOException, InterruptedException {
    List<CampaignSummary> all = new ArrayList<>();
    Page<CampaignSummary> page;
    do {
      HttpResponse<String> response =
          send(HttpRequest.newBuilder(base.resolve("api/campaigns?offset=" + all.size())).GET());
      if (response.statusCode() != 200) {
        throw new IOException(
            "cannot list campaigns (" + response.statusCode() + "): " + response.body());
      }
      page = Json.MAPPER.readValue(response.body(), new TypeReference<>() {});
      all.addAll(page.items());
    } while (page.hasMore() && !page.items().isEmpty());
    return all;
  }

  /**
   * Every trial's Food-11 predictions, a few trials a page (each thousands of rows); empty when the
   * campaign made none.
   */
  public List<PredictionsView> predictions(String campaignId)
      throws IOException, InterruptedException {
    List<PredictionsView> all = new ArrayList<>();
    Page<PredictionsView> page;
    do {
      URI uri =
          base.resolve("api/campaigns/" + campaignId + "/predictions?limit=4&offset=" + all.size());
      HttpResponse<String> response = send(HttpRequest.newBuilder(uri).GET());
      if (response.statusCode() != 200) {
        throw new IOException(
            "cannot read the predictions of "
                + campaignId
                + " ("
                + response.statusCode()
                + "): "
                + response.body());
      }
      page = Json.MAPPER.readValue(response.body(), new TypeReference<>() {});
      all.addAll(page.items());
    } while (page.hasMore() && !page.items().isEmpty());
    return all;
  }

  public List<WorkerView> workers() throws IOException, InterruptedException {
    HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("api/workers")).GET());
    if (response.statusCode() != 200) {
      throw new IOException(
          "cannot list workers (" + response.statusCode() + "): " + response.body());
    }
    return Json.MAPPER.readValue(response.body(), new TypeReference<>() {});
  }

  /** Waits until {@code n} workers of {@code role} (any role when null) have joined. */
  public void awaitWorkers(String role, int n, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (workers().stream().filter(w -> role == null || w.role().equals(role)).count() < n) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            n
                + " "
                + (role == null ? "" : role + " ")
                + "workers did not join in "
                + timeout.toSeconds()
                + " s");
      }
      Thread.sleep(100);
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.net.ConnectException | java.nio.channels.UnresolvedAddressException e) {
      throw new UnreachableException(
          "cannot reach the orchestrator at "
              + base
              + " ("
              + (e.getMessage() != null
                  ? e.getMessage()
                  : e instanceof java.net.ConnectException ? "connection refused" : "unknown host")
              + "): start the system with `./netshrink up`, or give --api the URL of one",
          e);
    } catch (java.net.http.HttpTimeoutException e) {
      throw new UnreachableException(
          "the orchestrator at " + base + " did not answer in time (" + e.getMessage() + ")", e);
    }
  }
}
