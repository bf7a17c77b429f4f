package dev.netshrink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ModelSummaryCommandTest {

  @Test
  void printsTheTableAndTotalsPyTorchCounts() {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      exit =
          Netshrink.commandLine()
              .execute("model", "summary", "--arch", "hw13-student", "--input", "3x224x224");
    } finally {
      System.setOut(original);
    }
    String table = captured.toString(StandardCharsets.UTF_8);

    assertThat(exit).isZero();
    assertThat(table)
        .contains(
            "Conv2d-1",
            "[-1, 24, 112, 112]",
            "MaxPool2d-4",
            "Total params: 59,147",
            "MACs per image:");
  }

  @Test
  void aBadShapeOrArchitectureIsAUsageErrorThatSaysWhy() {
    StringWriter err = new StringWriter();
    CommandLine cli = Netshrink.commandLine().setErr(new PrintWriter(err));

    assertThat(cli.execute("model", "summary", "--arch", "resnet18", "--input", "224x224"))
        .isEqualTo(2);
    assertThat(cli.execute("model", "summary", "--arch", "vgg16")).isEqualTo(2);
    assertThat(err.toString())
        .contains("--input: '224x224' is not a shape CxHxW")
        .contains("--arch: 'vgg16' is not one of");
  }
}
