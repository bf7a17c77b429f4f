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
import picocli.CommandLine;

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
  }

  void assertBadRequestsAreRefused(Path tmp) throws Exception {
    Path taken = tmp.resolve("export-teacher");
    assertThat(export("teacher", taken))
        .satisfies(r -> assertThat(r.exitCode()).isEqualTo(2))
        .satisfies(r -> assertThat(r.stderr()).contains("is not empty (replace it with --force)"));
    assertThat(export("kd-a9-t9", tmp.resolve("none")).stderr())
        .contains("has no trial kd-a9-t9; its trials: [teacher, kd-a0.9-t4, ce-baseline, prune]");
    assertThat(export("prune", tmp.resolve("none")).stderr())
        .contains("the pruning sweep's networks are measured, not kept");
    assertThat(Files.exists(tmp.resolve("none"))).isFalse();
  }

  private record Run(int exitCode, String stdout, String stderr) {}

  private Run export(String trial, Path out) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    try {
      int code =
          new CommandLine(new Netshrink())
              .execute(
                  List.of(
                          "export",
                          done.campaignId(),
                          trial,
                          "--out",
                          out.toString(),
                          "--api",
                          apiUrl,
                          "--bootstrap",
                          bootstrap)
                      .toArray(String[]::new));
      return new Run(
          code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }
}
