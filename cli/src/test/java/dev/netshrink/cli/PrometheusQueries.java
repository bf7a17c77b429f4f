package dev.netshrink.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netshrink.protocol.wire.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The parts of Prometheus' HTTP API the tests use: instant queries and label values. */
final class PrometheusQueries {

  private final String url;
  private final HttpClient http = HttpClient.newHttpClient();

  PrometheusQueries(String url) {
    this.url = url;
  }

  /** The series an instant query returns now (a vector's elements; a scalar counts as one). */
  List<JsonNode> instant(String promql) throws IOException, InterruptedException {
    JsonNode data = get("/api/v1/query?query=" + encode(promql));
    List<JsonNode> series = new ArrayList<>();
    if (data.path("resultType").asText().equals("vector")) {
      data.path("result").forEach(series::add);
    } else {
      series.add(data.path("result"));
    }
    return series;
  }

  /** Values of {@code label} among series matching {@code selector} (all series when blank). */
  List<String> labelValues(String label, String selector) throws IOException, InterruptedException {
    String query = selector.isBlank() ? "" : "?match[]=" + encode(selector);
    List<String> values = new ArrayList<>();
    get("/api/v1/label/" + label + "/values" + query).forEach(v -> values.add(v.asText()));
    return values;
  }

  /** Waits up to a minute until {@code promql} returns a series (scrapes take a moment). */
  void awaitSeries(String promql) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (instant(promql).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Prometheus never returned " + promql);
      }
      Thread.sleep(500);
    }
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode body = Json.MAPPER.readTree(response.body());
    if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
      throw new IllegalArgumentException(
          "Prometheus answered "
              + response.statusCode()
              + " to "
              + path
              + ": "
              + body.path("error").asText(response.body()));
    }
    return body.path("data");
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
