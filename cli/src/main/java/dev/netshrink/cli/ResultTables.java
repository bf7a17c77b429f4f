package dev.netshrink.cli;

import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.view.CampaignSummary;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.ModelView;
import dev.netshrink.protocol.view.TargetChoice;
import dev.netshrink.protocol.view.TrialView;
import dev.netshrink.protocol.view.WorkerView;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The plain-text tables the CLI prints: trials, pruning sweep, workers. */
final class ResultTables {

  private ResultTables() {}

  static void trials(CampaignView c, PrintStream out) {
    out.printf(Locale.ROOT, "%nCampaign %s (%s): %s%n", c.campaignId(), c.name(), c.state());
    out.printf(
        Locale.ROOT,
        "%-16s %-8s %6s %6s %-10s %8s %9s %8s %7s  %s%n",
        "trial",
        "kind",
        "alpha",
        "T",
        "state",
        "accuracy",
        "params",
        "seconds",
        "img/s",
        "loss history (total)");
    List<TrialView> slices = c.trials().stream().filter(t -> t.kind().equals("prune")).toList();
    for (TrialView t : c.trials()) {
      if (t.kind().equals("prune")) {
        continue;
      }
      String history =
          t.epochs().stream()
              .map(e -> String.format(Locale.ROOT, "%.3f", e.totalLoss()))
              .collect(Collectors.joining(" "));
      double imagesPerSecond =
          t.epochs().stream().mapToDouble(e -> e.imagesPerSecond()).average().orElse(Double.NaN);
      out.printf(
          Locale.ROOT,
          "%-16s %-8s %6s %6s %-10s %8s %9s %8s %7s  %s%n",
          t.name(),
          t.kind(),
          num(t.alpha(), "%.2f"),
          num(t.temperature(), "%.1f"),
          t.state(),
          num(t.accuracy(), "%.4f"),
          t.parameters() == null || t.parameters() == 0
              ? ""
              : String.format(Locale.ROOT, "%,d", t.parameters()),
          num(t.seconds(), "%.1f"),
          Double.isNaN(imagesPerSecond) ? "" : String.format(Locale.ROOT, "%.0f", imagesPerSecond),
          history
              + (t.stop() != null
                  ? "  stopped after epoch " + t.stop().epoch() + ": " + t.stop().reason()
                  : t.error() == null ? "" : "  error: " + t.error()));
    }
    pruneSlices(slices, out);
    SearchTables.print(c, out);
  }

  /** The pruning's slices as one row (states counted, seconds summed), and each failure. */
  private static void pruneSlices(List<TrialView> slices, PrintStream out) {
    if (slices.isEmpty()) {
      return;
    }
    Map<String, Long> states =
        slices.stream()
            .collect(
                Collectors.groupingBy(
                    t -> t.state().wireName(), TreeMap::new, Collectors.counting()));
    double seconds = slices.stream().mapToDouble(t -> t.seconds() == null ? 0 : t.seconds()).sum();
    out.printf(
        Locale.ROOT,
        "%-16s %-8s %6s %6s %-10s %8s %9s %8s %7s  %s%n",
        "prune x" + slices.size(),
        "prune",
        "",
        "",
        states.size() == 1 ? states.keySet().iterator().next() : "mixed",
        "",
        "",
        String.format(Locale.ROOT, "%.1f", seconds),
        "",
        states.entrySet().stream()
            .map(e -> e.getValue() + " " + e.getKey())
            .collect(Collectors.joining(", ", "slices: ", "")));
    for (TrialView t : slices) {
      if (t.error() != null) {
        out.printf(Locale.ROOT, "  %s %s: %s%n", t.name(), t.state(), t.error());
      }
    }
  }

  /**
   * One table per pruned model: a row per ratio, per method its accuracy, parameters, MACs per
   * image and the median latency of one inference batch.
   */
  static void pruning(CampaignView c, PrintStream out) {
    // a schedule's rounds and a sensitivity analysis have tables of their own (ScheduleTables)
    List<PrunePoint> sweep = c.pruning().stream().filter(PrunePoint::isSweepPoint).toList();
    if (sweep.isEmpty()) {
      return;
    }
    Map<String, Map<String, Map<Double, PrunePoint>>> byModel = new TreeMap<>();
    for (PrunePoint p : sweep) {
      byModel
          .computeIfAbsent(p.model().wireName(), m -> new TreeMap<>())
          .computeIfAbsent(p.method().wireName(), m -> new TreeMap<>())
          .put(p.ratio(), p);
    }
    boolean tuned = sweep.stream().anyMatch(p -> !Double.isNaN(p.fineTunedAccuracy()));
    String cell = tuned ? " | %-6s %6s %9s %8s %8s %11s %7s" : " | %-6s%s %9s %8s %8s %11s %7s";
    byModel.forEach(
        (model, methods) -> {
          out.printf(
              Locale.ROOT,
              "%nPruning sweep of the %s (%s; latency: median and p10-p90 per batch of %d,"
                  + " and x dense: against the dense network timed alternately with it)%n%-6s",
              model,
              tuned ? "acc before and after fine-tuning" : "no fine-tuning",
              sweep.get(0).latencyBatchSize(),
              "");
          methods
              .keySet()
              .forEach(m -> out.printf(Locale.ROOT, tuned ? " | %-61s" : " | %-54s", m));
          out.printf(Locale.ROOT, "%n%-6s", "ratio");
          methods
              .keySet()
              .forEach(
                  m ->
                      out.printf(
                          Locale.ROOT,
                          cell,
                          "acc",
                          tuned ? "tuned" : "",
                          "params",
                          "MMACs",
                          "ms",
                          "p10-p90",
                          "x dense"));
          out.println();
          TreeMap<Double, Boolean> ratios = new TreeMap<>();
          methods.values().forEach(points -> points.keySet().forEach(r -> ratios.put(r, true)));
          for (double ratio : ratios.keySet()) {
            out.printf(Locale.ROOT, "%-6.2f", ratio);
            for (Map<Double, PrunePoint> points : methods.values()) {
              PrunePoint p = points.get(ratio);
              if (p == null) {
                out.printf(Locale.ROOT, cell, "", "", "", "", "", "", "");
              } else {
                out.printf(
                    Locale.ROOT,
                    cell,
                    String.format(Locale.ROOT, "%.4f", p.accuracy()),
                    !tuned ? "" : String.format(Locale.ROOT, "%.4f", p.fineTunedAccuracy()),
                    String.format(Locale.ROOT, "%,d", p.parameters()),
                    String.format(Locale.ROOT, "%.2f", p.macs() / 1e6),
                    String.format(Locale.ROOT, "%.2f", p.latencySeconds() * 1000),
                    p.latencySpread() == null
                        ? ""
                        : String.format(
                            Locale.ROOT,
                            "%.2f-%.2f",
                            p.latencySpread().p10Seconds() * 1000,
                            p.latencySpread().p90Seconds() * 1000),
                    p.latencyVsDense().isPresent()
                        ? String.format(Locale.ROOT, "%.2f", p.latencyVsDense().getAsDouble())
                        : "");
              }
            }
            out.println();
          }
        });
  }

  static void workers(List<WorkerView> workers, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "%nWorkers (%d live)%n%-24s %-8s %-10s %-36s %s%n",
        workers.size(),
        "worker",
        "role",
        "last seen",
        "running",
        "metrics");
    for (WorkerView w : workers) {
      out.printf(
          Locale.ROOT,
          "%-24s %-8s %-10s %-36s %s%n",
          w.workerId(),
          w.role(),
          w.lastHeartbeatMillisAgo() + " ms",
          w.runningJobId() == null ? "-" : w.runningJobId(),
          w.metricsUrl() == null ? "" : w.metricsUrl());
    }
  }

  /** Every model of the campaign, with its parents: what `netshrink export` takes. */
  static void models(List<ModelView> models, PrintStream out) {
    if (models.isEmpty()) {
      return;
    }
    out.printf(
        Locale.ROOT,
        "%n%-34s %-12s %-28s %8s %10s %10s%n",
        "model",
        "from",
        "operation",
        "accuracy",
        "params",
        "bytes");
    for (ModelView m : models) {
      out.printf(
          Locale.ROOT,
          "%-34s %-12s %-28s %8s %10s %10s%n",
          m.id(),
          String.join("+", m.parents()),
          m.operation(),
          num(m.accuracy(), "%.4f"),
          m.parameters() == null ? "" : String.format(Locale.ROOT, "%,d", m.parameters()),
          m.bytes() == null ? "" : String.format(Locale.ROOT, "%,d", m.bytes()));
    }
  }

  /** The model chosen for the spec's target, and the command that takes it away. */
  static void choice(CampaignView campaign, PrintStream out) {
    TargetChoice c = campaign.choice();
    if (c == null) {
      return;
    }
    ModelView chosen =
        ModelView.of(campaign).stream()
            .filter(m -> m.id().equals(c.met() ? c.chosen() : c.closest()))
            .findFirst()
            .orElse(null);
    String figures =
        chosen == null
            ? ""
            : String.format(
                Locale.ROOT,
                " (accuracy %s, %,d parameters)",
                num(chosen.accuracy(), "%.4f"),
                chosen.parameters());
    if (c.met()) {
      out.printf(
          Locale.ROOT,
          "%nBest model for the target (%s): %s%s%n  Take it away: ./netshrink export %s %s"
              + " --out best-model%n",
          c.target(),
          c.chosen(),
          figures,
          campaign.campaignId(),
          c.chosen());
    } else {
      out.printf(
          Locale.ROOT,
          "%nNo model meets the target (%s). Closest: %s%s: %s%n",
          c.target(),
          c.closest(),
          figures,
          c.reason());
    }
    out.printf(Locale.ROOT, "  Pareto front (accuracy vs parameters): %s%n", c.front());
    out.printf(Locale.ROOT, "  Pareto front (accuracy vs MACs): %s%n", c.frontByMacs());
    out.printf(Locale.ROOT, "  Pareto front (accuracy vs latency): %s%n", c.frontByLatency());
  }

  static void campaigns(List<CampaignSummary> campaigns, PrintStream out) {
    out.printf(Locale.ROOT, "%-28s %-10s %7s  %s%n", "campaign", "state", "trials", "report");
    for (CampaignSummary c : campaigns) {
      out.printf(
          Locale.ROOT,
          "%-28s %-10s %3d/%-3d  %s%n",
          c.campaignId(),
          c.state(),
          c.finishedTrials(),
          c.trials(),
          c.reportDir() == null ? "" : c.reportDir());
    }
  }

  private static String num(Double value, String format) {
    return value == null || value.isNaN() ? "" : String.format(Locale.ROOT, format, value);
  }
}
