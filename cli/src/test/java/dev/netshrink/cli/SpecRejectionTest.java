package dev.netshrink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecRejectionTest {

  @TempDir Path dir;

  @Test
  void demoRejectsABadSpecBeforeStartingAnythingAndNamesTheField() throws Exception {
    Path spec = Files.writeString(dir.resolve("bad.yaml"), "name: bad\nstudent:\n  epoch: 3\n");

    Result r = run("demo", "--spec", spec.toString());

    assertThat(r.exitCode).isEqualTo(2);
    assertThat(r.stderr).contains("student.epoch: unknown field");
  }

  @Test
  void upSecureOnAnOpenKafkaFolderSaysSoAndStartsNothing() throws Exception {
    Path kafka = dir.resolve("kafka");
    dev.netshrink.local.broker.EmbeddedKafkaBroker.start(kafka).close();

    Result r = run("up", "--secure", "--kafka-dir", kafka.toString(), "--port", "0");

    assertThat(r.exitCode).isEqualTo(2);
    assertThat(r.stderr)
        .startsWith("netshrink up: " + kafka + " holds a broker started without --secure")
        .doesNotContain("Exception");
  }

  @Test
  void submitRejectsAStudentOverBudget() throws Exception {
    Path spec =
        Files.writeString(dir.resolve("big.yaml"), "student:\n  widths: [64, 128, 256, 512]\n");

    Result r = run("submit", spec.toString(), "--api", "http://127.0.0.1:1");

    assertThat(r.exitCode).isEqualTo(2);
    assertThat(r.stderr)
        .contains("student.maxParams")
        .contains("184,586")
        .contains("over the budget of 60,000");
  }

  @Test
  void aMissingDataPathIsNamed() throws Exception {
    Path spec =
        Files.writeString(
            dir.resolve("nodata.yaml"), "dataset:\n  path: " + dir.resolve("nowhere") + "\n");

    Result r = run("demo", "--spec", spec.toString());

    assertThat(r.exitCode).isEqualTo(2);
    assertThat(r.stderr).contains("dataset.path").contains("nowhere");
  }

  @Test
  void aSpecFileThatCannotBeASpecIsNamedWithTheReasonAndNoStackTrace() throws Exception {
    Path latin1 = Files.write(dir.resolve("latin1.yaml"), new byte[] {'n', ':', ' ', (byte) 0xE9});
    Path binary = Files.write(dir.resolve("model.pt"), new byte[] {'P', 'K', 3, 4, 0, 0});

    assertThat(run("submit", dir.resolve("missing.yaml").toString()))
        .satisfies(r -> assertThat(r.stderr).contains("missing.yaml does not exist"));
    assertThat(run("demo", "--spec", dir.toString()))
        .satisfies(r -> assertThat(r.stderr).contains("is a folder, not a spec file"));
    assertThat(run("submit", latin1.toString()))
        .satisfies(r -> assertThat(r.stderr).contains("latin1.yaml is not UTF-8 text"));
    assertThat(run("submit", binary.toString()))
        .satisfies(r -> assertThat(r.stderr).contains("model.pt is a binary file"));
    for (String file : List.of("missing.yaml", "latin1.yaml", "model.pt")) {
      Result r = run("submit", dir.resolve(file).toString());
      assertThat(r.exitCode).as(file).isEqualTo(2);
      assertThat(r.stderr).as(file).doesNotContain("Exception").doesNotContain("\tat ");
    }
  }

  @Test
  void aSpecThatAsksTooMuchIsRefusedWithTheBound() throws Exception {
    Path spec =
        Files.writeString(
            dir.resolve("forever.yaml"),
            "name: forever\nstudent: {epochs: 2147483647}\npruning: {ratios: {step: 1.0e-9}}\n");

    Result r = run("submit", spec.toString(), "--api", "http://127.0.0.1:1");

    assertThat(r.exitCode).isEqualTo(2);
    assertThat(r.stderr)
        .contains("student.epochs: 2147483647 must be at most 1000")
        .contains("pruning.ratios.step: 1.0E-9 makes");
  }

  @Test
  void anUnknownRoleIsAUsageError() {
    Result r = run("worker", "--role", "janitor");

    assertThat(r.exitCode).isEqualTo(2);
    assertThat(r.stderr).contains("--role must be teacher, student or pruner");
  }

  private record Result(int exitCode, String stderr) {}

  private static Result run(String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Netshrink.commandLine().execute(args);
      return new Result(code, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(original);
    }
  }
}
