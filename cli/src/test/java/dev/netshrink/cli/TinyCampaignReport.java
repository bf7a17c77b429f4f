package dev.netshrink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netshrink.protocol.view.CampaignView;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The tiny campaign's report folder, and the same folder written again by `netshrink report`. */
final class TinyCampaignReport {

  private static final List<String> CHARTS =
      List.of(
          "pruning-accuracy.png",
          "lineage.png",
          "pareto.png",
          "loss-curves.png",
          "accuracy-curves.png",
          "pruning-latency.png",
          "pruning-parameters.png",
          "pruning-macs.png");

  private TinyCampaignReport() {}

  static void assertFolderAndItsRebuild(CampaignView done, String apiUrl, Path tmp)
      throws Exception {
    Path dir = Path.of(done.reportDir());
    // standard JSON: a strict parser (as browsers, jq and pandas are) takes it, NaN-free
    var results = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
    assertThat(results.get("campaignId").asText()).isEqualTo(done.campaignId());
    assertThat(results.get("state").asText()).isEqualTo("succeeded");
    assertThat(results.get("reportDir").asText()).isEqualTo(done.reportDir());
    assertThat(Files.readString(dir.resolve("results.json"))).doesNotContain("NaN");
    assertThat(Files.readAllLines(dir.resolve("results.csv"))).hasSize(1 + 3 + 4);
    assertThat(Files.readAllLines(dir.resolve("pruning.csv"))).hasSize(17);
    for (String png : CHARTS) {
      assertThat(Files.size(dir.resolve(png))).as(png).isGreaterThan(1000);
    }
    assertSelfContained(done, dir.resolve("report.html"));

    // `netshrink report` writes the folder again, anywhere, from the orchestrator's view
    Path again = tmp.resolve("report-again");
    PrintStream original = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    int code;
    try {
      code =
          Netshrink.commandLine()
              .execute("report", done.campaignId(), "--out", again.toString(), "--api", apiUrl);
    } finally {
      System.setOut(original);
    }
    assertThat(code).isZero();
    Path rebuilt = Path.of(printed.toString(StandardCharsets.UTF_8).strip());
    assertThat(rebuilt.getParent().getParent()).isEqualTo(again.toAbsolutePath());
    assertSelfContained(done, rebuilt);
    assertThat(Files.readAllLines(rebuilt.resolveSibling("pruning.csv")))
        .isEqualTo(Files.readAllLines(dir.resolve("pruning.csv")));
  }

  /** One file: every chart inlined, nothing fetched, every trial in its table. */
  private static void assertSelfContained(CampaignView done, Path html) throws Exception {
    String page = Files.readString(html);
    assertThat(page.split("src=\"data:image/png;base64,", -1)).hasSize(CHARTS.size() + 1);
    assertThat(page).doesNotContain("src=\"http").doesNotContain("<script");
    for (var t : done.trials()) {
      if (!t.kind().equals("prune")) {
        assertThat(page).contains("<td>" + t.name() + "</td>");
      }
    }
  }
}
