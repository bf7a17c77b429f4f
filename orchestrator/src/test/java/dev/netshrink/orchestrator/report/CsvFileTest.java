package dev.netshrink.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFileTest {

  @TempDir Path dir;

  @Test
  void quotesWhatNeedsItEndsLinesInLfAndLeavesAbsentValuesEmpty() throws Exception {
    Path file = dir.resolve("t.csv");

    CsvFile.write(
        file,
        List.of("name", "note", "accuracy"),
        List.of(
            List.of("kd-a0.5-t4", "plain", CsvFile.num(0.81234, "%.4f")),
            List.of("odd", "a, \"quoted\" note", CsvFile.num(Double.NaN, "%.4f")),
            List.of("none", CsvFile.str(null), CsvFile.num(null, "%.4f"))));

    assertThat(Files.readString(file))
        .isEqualTo(
            """
            name,note,accuracy
            kd-a0.5-t4,plain,0.8123
            odd,"a, ""quoted"" note",
            none,,
            """);
  }
}
