package dev.netshrink.cli;

import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.TrialView;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The points a random search drew, best first: every setting the trial ran with, how far it got and
 * why it stopped. Printed only for a campaign whose trials were drawn.
 */
final class SearchTables {

  private static final String ROW = "%-12s %5s %6s %9s %5s %6s %6s %-9s %8s  %s%n";

  private SearchTables() {}

  static void print(CampaignView c, PrintStream out) {
    List<TrialView> drawn =
        c.trials().stream()
            .filter(t -> t.settings() != null)
            .sorted(
                Comparator.comparing(
                    (TrialView t) -> t.accuracy() == null ? -1 : t.accuracy(),
                    Comparator.reverseOrder()))
            .toList();
    if (drawn.isEmpty()) {
      return;
    }
    out.printf(Locale.ROOT, "%nSearch points (best first)%n");
    out.printf(
        Locale.ROOT,
        ROW,
        "trial",
        "alpha",
        "T",
        "lr",
        "batch",
        "width",
        "epochs",
        "state",
        "accuracy",
        "ended");
    for (TrialView t : drawn) {
      var s = t.settings();
      out.printf(
          Locale.ROOT,
          ROW,
          t.name(),
          String.format(Locale.ROOT, "%.3g", t.alpha()),
          t.temperature() == null ? "" : String.format(Locale.ROOT, "%.3g", t.temperature()),
          String.format(Locale.ROOT, "%.3g", s.learningRate()),
          s.batchSize(),
          String.format(Locale.ROOT, "x%.2f", s.widthMultiplier()),
          t.epochs().size() + "/" + s.epochs(),
          t.state(),
          t.accuracy() == null ? "" : String.format(Locale.ROOT, "%.4f", t.accuracy()),
          t.stop() == null ? "" : t.stop().cause().wireName() + " after epoch " + t.stop().epoch());
    }
  }
}
