package dev.netshrink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code deploy/k8s} as {@code kubectl kustomize} renders it, its objects parsed, and its schema
 * checker ({@code deploy/k8s/check/validate.mjs}) run on any YAML.
 */
record RenderedManifests(String yaml, List<JsonNode> objects) {

  static final Path K8S = Path.of("../deploy/k8s");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static RenderedManifests render() throws Exception {
    String yaml = run(List.of("kubectl", "kustomize", K8S.toString()), "", 0);
    return new RenderedManifests(yaml, parse(yaml));
  }

  static List<JsonNode> parse(String yaml) throws Exception {
    return YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll();
  }

  /** The checker's summary and its problems (stdout, then stderr), once it exited with exitCode. */
  static String validate(String yaml, int exitCode) throws Exception {
    return run(List.of("node", "validate.mjs"), yaml, exitCode);
  }

  List<JsonNode> ofKind(String kind) {
    return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
  }

  static JsonNode find(List<JsonNode> objects, String kind, String name) {
    return objects.stream()
        .filter(o -> o.path("kind").asText().equals(kind))
        .filter(o -> o.at("/metadata/name").asText().equals(name))
        .findFirst()
        .orElseThrow();
  }

  /** The container's environment variable {@code name}, or a missing node. */
  static JsonNode env(JsonNode container, String name) {
    for (JsonNode e : container.path("env")) {
      if (e.path("name").asText().equals(name)) {
        return e;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private static String run(List<String> command, String stdin, int exitCode) throws Exception {
    boolean node = command.get(0).equals("node");
    Path err = Files.createTempFile("netshrink-k8s", ".err");
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(node ? K8S.resolve("check").toFile() : null)
              .redirectError(err.toFile())
              .start();
      try (var in = p.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = p.waitFor();
      // kubectl writes only warnings there (kustomize 4+ calls `bases` deprecated), never YAML
      String errors = Files.readString(err);
      assertThat(exit).as(command + ":\n" + errors + out).isEqualTo(exitCode);
      return node ? out + errors : out;
    } finally {
      Files.delete(err);
    }
  }
}
