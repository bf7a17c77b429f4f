package dev.netshrink.cli;

import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.EpochView;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialView;
import dev.netshrink.protocol.view.WorkerView;
import dev.netshrink.protocol.worker.WorkerRole;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Follows a campaign until it ends: a progress bar per trial on a terminal, one line per change
 * otherwise (CI logs, pipes), then the result tables.
 */
public final class CampaignFollower {

  private static final Duration UNKNOWN_GRACE = Duration.ofSeconds(30);

  /**
   * How long the orchestrator may stay silent (a restart, a full GC, a slow disk) before giving up.
   */
  static final Duration PATIENCE = Duration.ofMinutes(10);

  /** How long a queued job's role may have no live worker before the follower says so. */
  static final Duration MISSING_BOUND = Duration.ofSeconds(15);

  private final ApiClient api;
  private final PrintStream out;
  private final PrintStream err;
  private final Duration patience;
  private final Duration missingBound;
  private final Map<WorkerRole, Long> missingSince = new EnumMap<>(WorkerRole.class);
  private final Set<WorkerRole> said = EnumSet.noneOf(WorkerRole.class);

  // on Java 17 the console is null exactly when the output is not a terminal
  @SuppressWarnings("SystemConsoleNull")
  private final boolean terminal = System.console() != null;

  private final Map<String, ProgressBar> bars = new HashMap<>();
  private final Map<String, String> lastLine = new HashMap<>();

  public CampaignFollower(ApiClient api, PrintStream out) {
    this(api, out, System.err);
  }

  /**
   * Progress on {@code out}; what goes wrong around it (silence, missing workers) on {@code err}.
   */
  public CampaignFollower(ApiClient api, PrintStream out, PrintStream err) {
    this(api, out, err, PATIENCE, MISSING_BOUND);
  }

  CampaignFollower(
      ApiClient api, PrintStream out, PrintStream err, Duration patience, Duration missingBound) {
    this.api = api;
    this.out = out;
    this.err = err;
    this.patience = patience;
    this.missingBound = missingBound;
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
        Optional<CampaignView> found = patiently(() -> api.findCampaign(campaignId));
        if (found.isEmpty()) {
          // the submission is on the campaigns topic but the orchestrator has not read it yet
          if (System.nanoTime() > giveUpUnknownAt) {
            throw new ApiClient.NotFoundException(
                "the orchestrator does not know campaign " + campaignId);
          }
          Thread.sleep(200);
          continue;
        }
        CampaignView view = found.get();
        view.trials().forEach(this::show);
        if (view.finished()) {
          return view;
        }
        sayWhatIsMissing(view);
        Thread.sleep(1_000);
      }
    } finally {
      bars.values().forEach(ProgressBar::close);
    }
  }

  /**
   * Once a role has been missing for the bound, says so (once, until it is back and gone again).
   */
  private void sayWhatIsMissing(CampaignView view) throws InterruptedException {
    List<WorkerView> workers;
    try {
      workers = patiently(api::workers);
    } catch (IOException e) {
      return; // the campaign's own poll says what is wrong with the orchestrator
    }
    Map<WorkerRole, Integer> missing = MissingWorkers.of(view, workers);
    long now = System.nanoTime();
    missingSince.keySet().retainAll(missing.keySet());
    said.retainAll(missing.keySet());
    missing.forEach((role, trials) -> missingSince.putIfAbsent(role, now));
    for (var role : missing.keySet()) {
      if (now - missingSince.get(role) > missingBound.toNanos() && said.add(role)) {
        MissingWorkers.lines(Map.of(role, missing.get(role))).forEach(err::println);
      }
    }
  }

  /** An API call through a slow or restarting orchestrator: retried with backoff, for a while. */
  private <T> T patiently(Call<T> call) throws IOException, InterruptedException {
    long firstFailure = 0;
    long backoffMillis = 500;
    while (true) {
      try {
        T answer = call.get();
        if (firstFailure != 0) {
          err.printf(
              Locale.ROOT,
              "netshrink: the orchestrator answers again (after %.0f s)%n",
              (System.nanoTime() - firstFailure) / 1e9);
        }
        return answer;
      } catch (ApiClient.NotFoundException e) {
        throw e;
      } catch (IOException e) {
        long now = System.nanoTime();
        if (firstFailure == 0) {
          firstFailure = now;
          err.println(
              "netshrink: "
                  + ErrorHandler.oneLine(e)
                  + "; retrying for up to "
                  + patience.toSeconds()
                  + " s");
        } else if (now - firstFailure > patience.toNanos()) {
          throw e;
        }
        Thread.sleep(backoffMillis);
        backoffMillis = Math.min(2 * backoffMillis, 10_000);
      }
    }
  }

  @FunctionalInterface
  private interface Call<T> {
    T get() throws IOException, InterruptedException;
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
