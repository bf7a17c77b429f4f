package dev.netshrink.cli;

import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.PrunePointView;
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
    out.printf(Locale.ROOT, "%-16s %-8s %6s %6s %-10s %8s %9s %8s %7s  %s%n", "trial", "kind",
        "alpha", "T", "state", "accuracy", "params", "seconds", "img/s", "loss history (total)");
    for (TrialView t : c.trials()) {
      String history = t.epochs().stream()
          .map(e -> String.format(Locale.ROOT, "%.3f", e.totalLoss()))
          .collect(Collectors.joining(" "));
      double imagesPerSecond = t.epochs().stream().mapToDouble(e -> e.imagesPerSecond())
          .average().orElse(Double.NaN);
      out.printf(Locale.ROOT, "%-16s %-8s %6s %6s %-10s %8s %9s %8s %7s  %s%n", t.name(),
          t.kind(), num(t.alpha(), "%.2f"), num(t.temperature(), "%.1f"), t.state(),
          num(t.accuracy(), "%.4f"), t.parameters() == null || t.parameters() == 0 ? "" :
              String.format(Locale.ROOT, "%,d", t.parameters()), num(t.seconds(), "%.1f"),
          Double.isNaN(imagesPerSecond) ? "" : String.format(Locale.ROOT, "%.0f", imagesPerSecond),
          history + (t.error() == null ? "" : "  error: " + t.error()));
    }
  }

  static void pruning(CampaignView c, PrintStream out) {
    if (c.pruning().isEmpty()) {
      return;
    }
    Map<String, Map<Double, PrunePointView>> bySeries = new TreeMap<>();
    for (PrunePointView p : c.pruning()) {
      bySeries.computeIfAbsent(p.model() + " " + p.method(), m -> new TreeMap<>())
          .put(p.ratio(), p);
    }
    out.printf(Locale.ROOT, "%nPruning sweep (no fine-tuning): test accuracy, non-zero parameters,"
        + " median ms per inference batch of %d%n", c.pruning().get(0).latencyBatchSize());
    out.printf(Locale.ROOT, "%-6s", "ratio");
    bySeries.keySet().forEach(m -> out.printf(Locale.ROOT, " | %-29s", m));
    out.println();
    TreeMap<Double, Boolean> ratios = new TreeMap<>();
    c.pruning().forEach(p -> ratios.put(p.ratio(), true));
    for (double ratio : ratios.keySet()) {
      out.printf(Locale.ROOT, "%-6.2f", ratio);
      for (Map<Double, PrunePointView> points : bySeries.values()) {
        PrunePointView p = points.get(ratio);
        out.printf(Locale.ROOT, " | %-29s", p == null ? "" : String.format(Locale.ROOT,
            "%.4f %10s %7.2f ms", p.accuracy(), String.format(Locale.ROOT, "%,d", p.parameters()),
            p.latencySeconds() * 1000));
      }
      out.println();
    }
  }

  static void workers(List<WorkerView> workers, PrintStream out) {
    out.printf(Locale.ROOT, "%nWorkers (%d live)%n%-24s %-8s %-10s %-36s %s%n",
        workers.size(), "worker", "role", "last seen", "running", "metrics");
    for (WorkerView w : workers) {
      out.printf(Locale.ROOT, "%-24s %-8s %-10s %-36s %s%n", w.workerId(), w.role(),
          w.lastHeartbeatMillisAgo() + " ms", w.runningJobId() == null ? "-" : w.runningJobId(),
          w.metricsUrl() == null ? "" : w.metricsUrl());
    }
  }

  static void campaigns(List<CampaignView> campaigns, PrintStream out) {
    out.printf(Locale.ROOT, "%-28s %-10s %7s  %s%n", "campaign", "state", "trials", "report");
    for (CampaignView c : campaigns) {
      long done = c.trials().stream().filter(t -> t.state().equals("succeeded")
          || t.state().equals("failed")).count();
      out.printf(Locale.ROOT, "%-28s %-10s %3d/%-3d  %s%n", c.campaignId(), c.state(), done,
          c.trials().size(), c.reportDir() == null ? "" : c.reportDir());
    }
  }

  private static String num(Double value, String format) {
    return value == null || value.isNaN() ? "" : String.format(Locale.ROOT, format, value);
  }
}
