package dev.netshrink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

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
      int code = new CommandLine(new Netshrink()).execute(args);
      return new Result(code, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(original);
    }
  }
}
