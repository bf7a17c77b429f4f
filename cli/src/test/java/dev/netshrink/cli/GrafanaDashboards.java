package dev.netshrink.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netshrink.protocol.wire.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The PromQL of the dashboards in {@code grafana/dashboards}, read from the JSON itself so that the
 * test that evaluates them never keeps a second list: template variables in dashboard order, and
 * every target expression of every panel (rows' nested panels included) and of every annotation.
 */
record GrafanaDashboards(List<Dashboard> dashboards) {

  static final Path DIR = Path.of("../grafana/dashboards");

  /** A query variable; {@code query} is its {@code label_values(...)} text. */
  record Variable(String name, String type, String query, boolean multi) {}

  record Target(String panel, String expr) {}

  record Dashboard(String file, List<Variable> variables, List<Target> targets) {}

  static GrafanaDashboards load() throws IOException {
    List<Dashboard> dashboards = new ArrayList<>();
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        dashboards.add(parse(file.getFileName().toString(), Json.MAPPER.readTree(file.toFile())));
      }
    }
    return new GrafanaDashboards(List.copyOf(dashboards));
  }

  private static Dashboard parse(String file, JsonNode root) {
    List<Variable> variables = new ArrayList<>();
    for (JsonNode v : root.path("templating").path("list")) {
      JsonNode query = v.path("query");
      variables.add(
          new Variable(
              v.path("name").asText(),
              v.path("type").asText(),
              query.isObject() ? query.path("query").asText() : query.asText(),
              v.path("multi").asBoolean(false)));
    }
    List<Target> targets = new ArrayList<>();
    for (JsonNode panel : root.path("panels")) {
      collect(panel, targets);
      panel.path("panels").forEach(nested -> collect(nested, targets));
    }
    // an annotation's query runs like a panel's (trial starts and ends drawn on every time axis)
    for (JsonNode annotation : root.path("annotations").path("list")) {
      if (annotation.hasNonNull("expr")) {
        targets.add(
            new Target(
                "annotation " + annotation.path("name").asText(), annotation.get("expr").asText()));
      }
    }
    return new Dashboard(file, List.copyOf(variables), List.copyOf(targets));
  }

  private static void collect(JsonNode panel, List<Target> targets) {
    for (JsonNode target : panel.path("targets")) {
      if (target.hasNonNull("expr")) {
        targets.add(new Target(panel.path("title").asText(), target.get("expr").asText()));
      }
    }
  }
}
