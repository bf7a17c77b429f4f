package dev.netshrink.cli;

import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialView;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The follower's output where nothing can be redrawn (CI logs, pipes): a line when a trial's state
 * or tenth of progress changes, and the campaign's count of finished jobs when it grows.
 */
final class PlainLines {

  private final PrintStream out;
  private final Map<String, String> lastLine = new HashMap<>();
  private long lastDone = -1;

  PlainLines(PrintStream out) {
    this.out = out;
  }

  void show(CampaignView view) {
    for (TrialView t : view.trials()) {
      // in a log, a line per 10% is plenty
      String line =
          String.format(
              Locale.ROOT,
              "%-14s %3d%% %s",
              t.name(),
              ((int) (t.progress() * 10)) * 10,
              summary(t));
      if (!line.equals(lastLine.put(t.trialId(), line)) && t.state() != TrialStatus.WAITING) {
        out.println(line);
      }
    }
    long done = view.trials().stream().filter(t -> t.state().isFinal()).count();
    if (done != lastDone) {
      lastDone = done;
      out.printf(
          Locale.ROOT,
          "campaign %s: %d/%d jobs done%n",
          view.campaignId(),
          done,
          view.trials().size());
    }
  }

  private static String summary(TrialView t) {
    StringBuilder s = new StringBuilder(t.state().wireName());
    if (!t.epochs().isEmpty()) {
      s.append(' ').append(ProgressLines.lastEpoch(t));
    } else if (t.phase() != null && t.state() != TrialStatus.SUCCEEDED) {
      s.append(' ').append(t.phase());
    }
    if (t.workerId() != null && t.state() != TrialStatus.SUCCEEDED) {
      s.append(" @").append(t.workerId());
    }
    return s.toString();
  }
}
