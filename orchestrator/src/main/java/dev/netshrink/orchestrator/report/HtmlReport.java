package dev.netshrink.orchestrator.report;

import static org.apache.commons.text.StringEscapeUtils.escapeHtml4;

import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.ModelView;
import dev.netshrink.protocol.view.TrialView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * {@code report.html}: one self-contained file (every chart inlined as a data URI, no script, no
 * style sheet fetched), so it opens offline, from a mail or a copied folder: the campaign, its
 * trials, the pruning sweep, the models and every chart of the folder.
 */
final class HtmlReport {

  private HtmlReport() {}

  static void write(CampaignView c, List<ModelView> models, Path dir, List<String> pngs)
      throws IOException {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>netshrink: ")
        .append(escapeHtml4(c.name()))
        .append("</title><style>")
        .append("body{font-family:sans-serif;margin:2em;max-width:1100px}")
        .append("table{border-collapse:collapse;margin:1em 0}")
        .append("td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}")
        .append("td:first-child,th:first-child{text-align:left}img{max-width:100%}")
        .append("</style></head><body>\n");
    h.append("<h1>")
        .append(escapeHtml4(c.name()))
        .append("</h1>\n<p>campaign <code>")
        .append(escapeHtml4(c.campaignId()))
        .append("</code>: ")
        .append(escapeHtml4(c.state().wireName()))
        .append(", ")
        .append(c.trials().size())
        .append(" jobs</p>\n");
    if (c.choice() != null) {
      h.append("<p>target ")
          .append(escapeHtml4(c.choice().target()))
          .append(": ")
          .append(escapeHtml4(String.valueOf(c.choice().chosen())))
          .append(" (")
          .append(escapeHtml4(c.choice().reason()))
          .append(")</p>\n");
    }
    h.append("<h2>Trials</h2>\n");
    table(
        h,
        List.of(
            "trial",
            "kind",
            "alpha",
            "T",
            "trains with",
            "state",
            "attempts",
            "epochs",
            "accuracy",
            "parameters",
            "s",
            "ended"),
        c.trials().stream()
            .filter(t -> !t.kind().equals("prune"))
            .map(HtmlReport::trialRow)
            .toList());
    List<PrunePoint> sweep = c.pruning().stream().filter(PrunePoint::isSweepPoint).toList();
    if (!sweep.isEmpty()) {
      h.append("<h2>Pruning sweep</h2>\n");
      table(
          h,
          List.of(
              "model",
              "method",
              "ratio",
              "accuracy",
              "fine-tuned",
              "parameters",
              "MACs",
              "latency ms",
              "x dense"),
          sweep.stream().map(HtmlReport::pointRow).toList());
    }
    h.append("<h2>Models</h2>\n");
    table(
        h,
        List.of("model", "parents", "operation", "accuracy", "parameters", "MACs"),
        models.stream()
            .map(
                m ->
                    List.of(
                        m.id(),
                        String.join(" + ", m.parents()),
                        m.operation(),
                        CsvFile.num(m.accuracy(), "%.4f"),
                        CsvFile.str(m.parameters()),
                        CsvFile.str(m.macs())))
            .toList());
    h.append("<h2>Charts</h2>\n");
    for (String png : pngs) {
      h.append("<figure><img alt=\"")
          .append(escapeHtml4(png))
          .append("\" src=\"data:image/png;base64,")
          .append(Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve(png))))
          .append("\"><figcaption>")
          .append(escapeHtml4(png))
          .append("</figcaption></figure>\n");
    }
    h.append("</body></html>\n");
    Files.writeString(dir.resolve("report.html"), h, StandardCharsets.UTF_8);
  }

  private static List<String> trialRow(TrialView t) {
    return List.of(
        t.name(),
        t.kind(),
        CsvFile.num(t.alpha(), "%.2f"),
        CsvFile.num(t.temperature(), "%.1f"),
        t.settings() == null
            ? ""
            : String.format(
                java.util.Locale.ROOT,
                "lr %.3g, batch %d, widths x%.2f",
                t.settings().learningRate(),
                t.settings().batchSize(),
                t.settings().widthMultiplier()),
        t.state().wireName(),
        String.valueOf(t.attempt()),
        String.valueOf(t.epochs().size()),
        CsvFile.num(t.accuracy(), "%.4f"),
        CsvFile.str(t.parameters()),
        CsvFile.num(t.seconds(), "%.1f"),
        t.stop() != null
            ? t.stop().cause().wireName()
                + " after epoch "
                + t.stop().epoch()
                + ": "
                + t.stop().reason()
            : t.error() == null ? "" : t.error());
  }

  private static List<String> pointRow(PrunePoint p) {
    var vsDense = p.latencyVsDense();
    return List.of(
        p.model().wireName(),
        p.method().wireName(),
        String.format(Locale.ROOT, "%.2f", p.ratio()),
        CsvFile.num(p.accuracy(), "%.4f"),
        CsvFile.num(p.fineTunedAccuracy(), "%.4f"),
        String.valueOf(p.parameters()),
        String.valueOf(p.macs()),
        CsvFile.num(p.latencySeconds() * 1000, "%.2f"),
        vsDense.isPresent() ? String.format(Locale.ROOT, "%.2f", vsDense.getAsDouble()) : "");
  }

  private static void table(StringBuilder h, List<String> header, List<List<String>> rows) {
    h.append("<table><tr>");
    header.forEach(c -> h.append("<th>").append(escapeHtml4(c)).append("</th>"));
    h.append("</tr>\n");
    for (List<String> row : rows) {
      h.append("<tr>");
      row.forEach(c -> h.append("<td>").append(escapeHtml4(c)).append("</td>"));
      h.append("</tr>\n");
    }
    h.append("</table>\n");
  }
}
