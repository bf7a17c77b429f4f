package dev.netshrink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.TrialView;
import dev.netshrink.protocol.wire.Json;
import dev.netshrink.workers.export.ModelExport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * `netshrink export` against the tiny campaign's live system: the student and the teacher come out
 * as folders that Debian's PyTorch opens and traces to TorchScript, with the trials' parameter
 * counts; a bad request is refused with its reason and exit code 2.
 */
final class TinyCampaignExports {

  private final String apiUrl;
  private final String bootstrap;
  private final CampaignView done;

  TinyCampaignExports(String apiUrl, String bootstrap, CampaignView done) {
    this.apiUrl = apiUrl;
    this.bootstrap = bootstrap;
    this.done = done;
  }

  void assertTrialsExportAndRunInPyTorch(Path tmp) throws Exception {
    for (TrialView trial : done.trials().subList(0, 2)) {
      Path out = tmp.resolve("export-" + trial.name());

      Run export = export(trial.name(), out);

      assertThat(export.exitCode()).as(export.stderr()).isZero();
      assertThat(export.stdout()).contains("exported " + trial.name());
      JsonNode model = Json.MAPPER.readTree(out.resolve(ModelExport.DESCRIPTION).toFile());
      assertThat(model.get("parameters").asLong()).isEqualTo(trial.parameters());
      traceInPyTorch(out);
    }
  }

  /** Debian's PyTorch opens the folder and traces it to TorchScript. */
  static void traceInPyTorch(Path out) throws Exception {
    Path traced = out.resolve("model.pt");
    Process python =
        new ProcessBuilder(
                "/usr/bin/python3",
                out.resolve(ModelExport.TORCH_MODULE).toString(),
                out.toString(),
                "--torchscript",
                traced.toString())
            .redirectErrorStream(true)
            .start();
    String said = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(python.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(python.exitValue()).as(said).isZero();
    assertThat(Files.size(traced)).isGreaterThan(1000);
  }

  /**
   * The sweep kept every channel-pruned network: the API lists them with their parents, one
   * exports, runs in PyTorch, and its weights file is smaller than its dense parent's.
   */
  void assertKeptNetworksExportSmaller(Path tmp) throws Exception {
    List<String> models = modelIds("/api/campaigns/" + done.campaignId() + "/models?limit=100");
    List<String> kept = models.stream().filter(id -> id.endsWith("/l2-structured/0.60")).toList();
    assertThat(kept).as("the student's and the teacher's at 0.60").hasSize(2);
    assertThat(models).contains("teacher", "kd-a0.9-t4", "ce-baseline");
    String student = kept.stream().filter(id -> !id.startsWith("teacher/")).findFirst().get();
    // the spec fine-tunes every pruned network: each copy is a model of its own, from the pruned
    // one
    assertThat(models).contains(student + "/fine-tuned");
    String parent = student.substring(0, student.indexOf('/'));
    Path out = tmp.resolve("export-narrowed");

    Run export = export(student, out);

    assertThat(export.exitCode()).as(export.stderr()).isZero();
    Path dense = tmp.resolve("export-" + parent);
    if (!Files.exists(dense)) {
      assertThat(export(parent, dense).exitCode()).isZero();
    }
    assertThat(Files.size(out.resolve(ModelExport.WEIGHTS)))
        .isLessThan(Files.size(dense.resolve(ModelExport.WEIGHTS)) / 2);
    traceInPyTorch(out);
    assertThat(Files.readAllLines(Path.of(done.reportDir()).resolve("models.csv")))
        .anySatisfy(row -> assertThat(row).startsWith(student + "," + parent + ",prune "));
  }

  /**
   * {@code GET /api/campaigns/{id}/models/{model}} is a zip of the folder `export` writes:
   * unzipped, it has the model's parameter count and runs in PyTorch; an unknown model is a 404.
   */
  void assertAModelDownloadsFromTheApiAsItsExportFolder(Path tmp) throws Exception {
    // the best student's narrowed network at 0.60
    String model =
        dev.netshrink.protocol.view.ModelView.of(done).stream()
            .map(dev.netshrink.protocol.view.ModelView::id)
            .filter(id -> id.endsWith("/l2-structured/0.60") && !id.startsWith("teacher/"))
            .findFirst()
            .orElseThrow();
    var http = java.net.http.HttpClient.newHttpClient();
    var response =
        http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(
                        apiUrl + "/api/campaigns/" + done.campaignId() + "/models/" + model))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode())
        .as(new String(response.body(), StandardCharsets.UTF_8))
        .isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/zip");
    assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
        .contains(model.replace('/', '_') + ".zip");
    Path unzipped = tmp.resolve("downloaded");
    try (var zip =
        new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(response.body()))) {
      for (var entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        Path file = unzipped.resolve(entry.getName()).normalize();
        assertThat(file).startsWithRaw(unzipped);
        Files.createDirectories(file.getParent());
        Files.copy(zip, file);
      }
    }
    long parameters =
        done.pruning().stream()
            .filter(p -> p.kept() != null && p.kept().key().endsWith("/" + model))
            .findFirst()
            .orElseThrow()
            .parameters();
    JsonNode description = Json.MAPPER.readTree(unzipped.resolve(ModelExport.DESCRIPTION).toFile());
    assertThat(description.get("parameters").asLong()).isEqualTo(parameters);
    traceInPyTorch(unzipped);
    var unknown =
        http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(
                        apiUrl
                            + "/api/campaigns/"
                            + done.campaignId()
                            + "/models/teacher/none/0.99"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("kept no network teacher/none/0.99");
  }

  /** The ids of a page of models the API serves at {@code path}. */
  private List<String> modelIds(String path) throws Exception {
    var response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(apiUrl + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    List<String> ids = new java.util.ArrayList<>();
    Json.MAPPER.readTree(response.body()).get("items").forEach(m -> ids.add(m.get("id").asText()));
    return ids;
  }

  /** The target (maxParams 30,000) names the most accurate model within it, in results.json too. */
  void assertTheTargetsChoice() throws Exception {
    var choice = done.choice();
    var models = dev.netshrink.protocol.view.ModelView.of(done);
    var chosen = models.stream().filter(m -> m.id().equals(choice.chosen())).findFirst();

    assertThat(choice.met()).isTrue();
    assertThat(chosen)
        .hasValueSatisfying(m -> assertThat(m.parameters()).isLessThanOrEqualTo(30_000));
    assertThat(models)
        .filteredOn(m -> m.parameters() != null && m.parameters() <= 30_000 && m.accuracy() != null)
        .allSatisfy(m -> assertThat(m.accuracy()).isLessThanOrEqualTo(chosen.get().accuracy()));
    assertThat(choice.front()).contains(choice.chosen());
    assertThat(Files.readString(Path.of(done.reportDir()).resolve("results.json")))
        .contains("\"chosen\" : \"" + choice.chosen() + "\"");
  }

  void assertBadRequestsAreRefused(Path tmp) throws Exception {
    Path taken = tmp.resolve("export-teacher");
    assertThat(export("teacher", taken))
        .satisfies(r -> assertThat(r.exitCode()).isEqualTo(2))
        .satisfies(r -> assertThat(r.stderr()).contains("is not empty (replace it with --force)"));
    assertThat(export("kd-a9-t9", tmp.resolve("none")).stderr())
        .contains("has no trial kd-a9-t9; its trials: [teacher, kd-a0.9-t4, ce-baseline]");
    assertThat(export("prune-student-l2-structured", tmp.resolve("none")).stderr())
        .contains(
            "prune-student-l2-structured is a slice of the pruning, not a model; the networks it"
                + " kept: [");
    assertThat(export("teacher/l2-structured/0.99", tmp.resolve("none")).stderr())
        .contains("kept no network teacher/l2-structured/0.99; its models: [teacher, ");
    assertThat(Files.exists(tmp.resolve("none"))).isFalse();
  }

  record Run(int exitCode, String stdout, String stderr) {}

  /** `netshrink export CAMPAIGN [MODEL] --out OUT` against this system; null MODEL: the choice. */
  Run export(String trial, Path out) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    try {
      int code =
          Netshrink.commandLine()
              .execute(
                  java.util.stream.Stream.of(
                          "export",
                          done.campaignId(),
                          trial,
                          "--out",
                          out.toString(),
                          "--api",
                          apiUrl,
                          "--bootstrap",
                          bootstrap)
                      .filter(java.util.Objects::nonNull)
                      .toArray(String[]::new));
      return new Run(
          code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }
}
