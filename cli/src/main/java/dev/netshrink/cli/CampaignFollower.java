package dev.netshrink.cli;

import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.EpochView;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialView;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Follows a campaign until it ends: a progress bar per trial on a terminal, one line per change
 * otherwise (CI logs, pipes), then the result tables.
 */
public final class CampaignFollower {

  private static final Duration UNKNOWN_GRACE = Duration.ofSeconds(30);

  private final ApiClient api;
  private final PrintStream out;

  // on Java 17 the console is null exactly when the output is not a terminal
  @SuppressWarnings("SystemConsoleNull")
  private final boolean terminal = System.console() != null;

  private final Map<String, ProgressBar> bars = new HashMap<>();
  private final Map<String, String> lastLine = new HashMap<>();

  public CampaignFollower(ApiClient api, PrintStream out) {
    this.api = api;
    this.out = out;
  }

  /**
   * Follows the campaign to its end, prints its tables and report folder, and returns the exit
   * code: 0 when every trial succeeded.
   */
  public int followAndReport(String campaignId) throws IOException, InterruptedException {
    CampaignView done = follow(campaignId);
    ResultTables.trials(done, out);
    ResultTables.pruning(done, out);
    ScheduleTables.print(done, out);
    SensitivityTables.print(done, out);
    ResultTables.choice(done, out);
    out.printf("%nReport: %s%n", done.reportDir());
    return done.state() == CampaignStatus.SUCCEEDED ? 0 : 1;
  }

  /** Blocks until the campaign ends; returns its final view. */
  public CampaignView follow(String campaignId) throws IOException, InterruptedException {
    long giveUpUnknownAt = System.nanoTime() + UNKNOWN_GRACE.toNanos();
    try {
      while (true) {
        Optional<CampaignView> found = api.findCampaign(campaignId);
        if (found.isEmpty()) {
          // the submission is on the campaigns topic but the orchestrator has not read it yet
          if (System.nanoTime() > giveUpUnknownAt) {
            throw new IOException("the orchestrator does not know campaign " + campaignId);
          }
          Thread.sleep(200);
          continue;
        }
        CampaignView view = found.get();
        view.trials().forEach(this::show);
        if (view.finished()) {
          return view;
        }
        Thread.sleep(1_000);
      }
    } finally {
      bars.values().forEach(ProgressBar::close);
    }
  }

  private void show(TrialView t) {
    if (terminal) {
      if (t.state() == TrialStatus.WAITING) {
        return;
      }
      ProgressBar bar =
          bars.computeIfAbsent(
              t.trialId(),
              id ->
                  new ProgressBarBuilder()
                      .setTaskName(String.format(Locale.ROOT, "%-14s", t.name()))
                      .setInitialMax(100)
                      .setStyle(ProgressBarStyle.ASCII)
                      .setUpdateIntervalMillis(500)
                      .hideEta()
                      .setMaxRenderedLength(110)
                      .build());
      bar.stepTo(Math.round(t.progress() * 100));
      bar.setExtraMessage(summary(t));
      if (t.state().isFinal()) {
        bar.close(); // stops its clock; later calls on a closed bar change nothing
      }
    } else {
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
  }

  private static String summary(TrialView t) {
    StringBuilder s = new StringBuilder(t.state().wireName());
    if (!t.epochs().isEmpty()) {
      EpochView last = t.epochs().get(t.epochs().size() - 1);
      s.append(
          String.format(
              Locale.ROOT,
              " ep %d loss %.3f acc %.3f",
              last.epoch(),
              last.totalLoss(),
              last.accuracy()));
    } else if (t.phase() != null && t.state() != TrialStatus.SUCCEEDED) {
      s.append(' ').append(t.phase());
    }
    if (t.workerId() != null && t.state() != TrialStatus.SUCCEEDED) {
      s.append(" @").append(t.workerId());
    }
    return s.toString();
  }
}
