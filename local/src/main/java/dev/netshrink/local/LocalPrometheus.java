package dev.netshrink.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Prometheus server as a child process, configured from {@code
 * deploy/local/prometheus.yml} (the one file users read and edit): the orchestrator address written
 * there for the default port is replaced with the one actually listening, and the scrape interval
 * may be shortened (tests).
 */
public final class LocalPrometheus implements AutoCloseable {

  /** The orchestrator address {@code deploy/local/prometheus.yml} is written for. */
  public static final String DEFAULT_API_ADDRESS = "127.0.0.1:8088";

  public static final String INSTALL_HINT =
      "Prometheus is not installed: sudo apt-get install prometheus"
          + " (Debian/Ubuntu), or put a prometheus binary on the PATH";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Process process;
  private final String url;

  private LocalPrometheus(Process process, String url) {
    this.process = process;
    this.url = url;
  }

  /** The {@code prometheus} executable on the PATH, if there is one. */
  public static Optional<Path> binary() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator, -1)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "prometheus");
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Starts Prometheus on 127.0.0.1:{@code port} with its data in {@code dataDir} and waits until it
   * is ready.
   *
   * @param scrapeInterval replaces every scrape and discovery interval of the template, or null
   */
  public static LocalPrometheus start(
      Path template, String apiAddress, int port, Path dataDir, Duration scrapeInterval)
      throws IOException, InterruptedException {
    Path binary = binary().orElseThrow(() -> new IllegalStateException(INSTALL_HINT));
    Files.createDirectories(dataDir);
    Path config = dataDir.resolve("prometheus.yml");
    YAML.writeValue(
        config.toFile(), configure(YAML.readTree(template.toFile()), apiAddress, scrapeInterval));
    Process process =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dataDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(dataDir.resolve("prometheus.log").toFile())
            .start();
    LocalPrometheus prometheus = new LocalPrometheus(process, "http://127.0.0.1:" + port);
    try {
      prometheus.awaitReady(Duration.ofSeconds(30), dataDir.resolve("prometheus.log"));
      return prometheus;
    } catch (IOException | RuntimeException | InterruptedException e) {
      prometheus.close();
      throw e;
    }
  }

  public static JsonNode configure(JsonNode node, String apiAddress, Duration scrapeInterval) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        boolean interval =
            field.getKey().equals("scrape_interval")
                || field.getKey().equals("evaluation_interval")
                || field.getKey().equals("refresh_interval");
        field.setValue(
            interval && scrapeInterval != null
                ? TextNode.valueOf(scrapeInterval.toMillis() + "ms")
                : configure(field.getValue(), apiAddress, scrapeInterval));
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        ((ArrayNode) node).set(i, configure(node.get(i), apiAddress, scrapeInterval));
      }
    } else if (node.isTextual()) {
      return TextNode.valueOf(node.asText().replace(DEFAULT_API_ADDRESS, apiAddress));
    }
    return node;
  }

  public String url() {
    return url;
  }

  private void awaitReady(Duration timeout, Path log) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "prometheus exited with "
                + process.exitValue()
                + "; its log: "
                + log
                + "\n"
                + Files.readString(log));
      }
      try {
        HttpResponse<Void> ready =
            http.send(
                HttpRequest.newBuilder(URI.create(url + "/-/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException notYetListening) {
        // keep waiting
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("prometheus not ready after " + timeout + "; its log: " + log);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
