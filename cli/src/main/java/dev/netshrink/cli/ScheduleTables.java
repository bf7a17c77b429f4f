package dev.netshrink.cli;

import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.ScheduleOutcome;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The rounds of each pruning schedule (accuracy after pruning and after fine-tuning), then how each
 * gradual schedule ended against one-shot pruning with as many fine-tuning epochs.
 */
final class ScheduleTables {

  private ScheduleTables() {}

  static void print(CampaignView c, PrintStream out) {
    List<PrunePoint> rounds = c.pruning().stream().filter(p -> p.stage() != null).toList();
    if (rounds.isEmpty()) {
      return;
    }
    out.printf(
        Locale.ROOT,
        "%nPruning schedules (accuracy after pruning, then after fine-tuning)%n"
            + "%-8s %-24s %-9s %5s %6s %8s %8s %9s%n",
        "model",
        "method",
        "schedule",
        "round",
        "ratio",
        "pruned",
        "tuned",
        "params");
    for (PrunePoint p : rounds) {
      out.printf(
          Locale.ROOT,
          "%-8s %-24s %-9s %5s %6.2f %8.4f %8.4f %,9d%n",
          p.model(),
          p.method(),
          p.stage().schedule(),
          p.stage().round() + "/" + p.stage().rounds(),
          p.ratio(),
          p.accuracy(),
          p.fineTunedAccuracy(),
          p.parameters());
    }
    for (ScheduleOutcome o : ScheduleOutcome.of(c.pruning())) {
      out.printf(
          Locale.ROOT,
          "%s %s at %.2f: %s %.4f vs one-shot %.4f with the same %d fine-tuning epochs (%s)%n",
          o.model(),
          o.method(),
          o.ratio(),
          o.schedule(),
          o.accuracy(),
          o.oneShotAccuracy(),
          o.totalFineTuneEpochs(),
          Double.isNaN(o.gain())
              ? "one-shot not measured"
              : o.gain() > 0
                  ? String.format(Locale.ROOT, "%+.4f: gradual pruning paid", o.gain())
                  : String.format(Locale.ROOT, "%+.4f: it did not pay here", o.gain()));
    }
  }
}
