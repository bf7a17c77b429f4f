package dev.netshrink.cli;

import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.view.CampaignView;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A layer sensitivity analysis in one table per model and method: each layer, its accuracy at the
 * smallest ratio measured and at the largest, and the largest share of it that can go alone before
 * the accuracy falls more than {@value #TOLERANCE} below where it started. The whole curves are in
 * the report ({@code sensitivity.csv}, {@code sensitivity-*.png}). Then each network pruned per
 * layer from an analysis for the target.
 */
final class SensitivityTables {

  static final double TOLERANCE = 0.01;

  private SensitivityTables() {}

  static void print(CampaignView c, PrintStream out) {
    Map<String, Map<String, List<PrunePoint>>> analyses = new LinkedHashMap<>();
    for (PrunePoint p : c.pruning()) {
      if (p.layer() != null) {
        analyses
            .computeIfAbsent(p.model() + " (" + p.method() + ")", k -> new LinkedHashMap<>())
            .computeIfAbsent(p.layer(), k -> new java.util.ArrayList<>())
            .add(p);
      }
    }
    analyses.forEach(
        (analysis, layers) -> {
          out.printf(
              Locale.ROOT,
              "%nLayer sensitivity of the %s: each layer pruned alone%n%-28s %8s %8s  %s%n",
              analysis,
              "layer",
              "first",
              "last",
              "prunable alone within " + TOLERANCE + " of the first");
          layers.forEach(
              (layer, curve) -> {
                List<PrunePoint> sorted =
                    curve.stream()
                        .sorted(java.util.Comparator.comparingDouble(PrunePoint::ratio))
                        .collect(Collectors.toList());
                double start = sorted.get(0).accuracy();
                double holds = sorted.get(0).ratio();
                for (PrunePoint p : sorted) {
                  if (p.accuracy() < start - TOLERANCE) {
                    break;
                  }
                  holds = p.ratio();
                }
                out.printf(
                    Locale.ROOT,
                    "%-28s %8.4f %8.4f  %.2f%n",
                    layer,
                    start,
                    sorted.get(sorted.size() - 1).accuracy(),
                    holds);
              });
        });
    for (PrunePoint p : c.pruning()) {
      if (p.layerRatios() != null) {
        out.printf(
            Locale.ROOT,
            "Pruned per layer for the target, %s (%s): ratios %s -> %.2f of the convolution"
                + " weights, %,d parameters, accuracy %.4f%s (model %s)%n",
            p.model(),
            p.method(),
            p.layerRatios().stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList(),
            p.ratio(),
            p.parameters(),
            p.accuracy(),
            Double.isNaN(p.fineTunedAccuracy())
                ? ""
                : String.format(Locale.ROOT, ", %.4f fine-tuned", p.fineTunedAccuracy()),
            p.kept() == null
                ? "not kept"
                : p.kept().key().substring(p.kept().parentTrialId().indexOf('/') + 1));
      }
    }
  }
}
