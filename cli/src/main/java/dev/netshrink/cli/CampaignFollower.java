package dev.netshrink.cli;

import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.WorkerView;
import dev.netshrink.protocol.worker.WorkerRole;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Follows a campaign until it ends: on a terminal a block redrawn in place ({@link LiveBlock} of
 * {@link ProgressLines}: a header with the count and ETA, a line per trial, what goes wrong below),
 * otherwise a line per change ({@link PlainLines}); then the result tables.
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

  /** The last few notices (retries, missing workers), shown under the block on a terminal. */
  private static final int NOTICES_KEPT = 3;

  private final Deque<String> notices = new ArrayDeque<>();
  private Map<WorkerRole, Integer> liveWorkers = Map.of();
  private LiveBlock block; // null: not on a terminal, or not following
  private List<String> drawn = List.of();

  // on Java 17 the console is null exactly when the output is not a terminal
  @SuppressWarnings("SystemConsoleNull")
  private static boolean onATerminal() {
    return System.console() != null;
  }

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
    Optional<LiveBlock> block = onATerminal() ? LiveBlock.open() : Optional.empty();
    this.block = block.orElse(null);
    try {
      return follow(campaignId, new PlainLines(out), new ProgressLines(System.nanoTime()));
    } finally {
      this.block = null;
      block.ifPresent(LiveBlock::close);
    }
  }

  private CampaignView follow(String campaignId, PlainLines plain, ProgressLines lines)
      throws IOException, InterruptedException {
    long giveUpUnknownAt = System.nanoTime() + UNKNOWN_GRACE.toNanos();
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
      if (!view.finished()) {
        sayWhatIsMissing(view);
      }
      if (block != null) {
        drawn = lines.render(view, liveWorkers, System.nanoTime());
        redraw();
      } else {
        plain.show(view);
      }
      if (view.finished()) {
        return view;
      }
      Thread.sleep(1_000);
    }
  }

  /** On a terminal, under the block (where it is not drawn over); otherwise on stderr. */
  private void notice(String line) {
    if (block == null) {
      err.println(line);
      return;
    }
    notices.addLast(line);
    while (notices.size() > NOTICES_KEPT) {
      notices.removeFirst();
    }
    redraw(); // at once: a notice of a silent orchestrator comes while no new view does
  }

  /** The last drawing of the campaign, with the notices under it. */
  private void redraw() {
    List<String> all = new ArrayList<>(drawn);
    all.addAll(notices);
    block.draw(all);
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
    Map<WorkerRole, Integer> live = new EnumMap<>(WorkerRole.class);
    workers.forEach(w -> live.merge(WorkerRole.fromWireName(w.role()), 1, Integer::sum));
    liveWorkers = live;
    Map<WorkerRole, Integer> missing = MissingWorkers.of(view, workers);
    long now = System.nanoTime();
    missingSince.keySet().retainAll(missing.keySet());
    said.retainAll(missing.keySet());
    missing.forEach((role, trials) -> missingSince.putIfAbsent(role, now));
    for (var role : missing.keySet()) {
      if (now - missingSince.get(role) > missingBound.toNanos() && said.add(role)) {
        MissingWorkers.lines(Map.of(role, missing.get(role))).forEach(this::notice);
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
          notice(
              String.format(
                  Locale.ROOT,
                  "netshrink: the orchestrator answers again (after %.0f s)",
                  (System.nanoTime() - firstFailure) / 1e9));
        }
        return answer;
      } catch (ApiClient.NotFoundException e) {
        throw e;
      } catch (IOException e) {
        long now = System.nanoTime();
        if (firstFailure == 0) {
          firstFailure = now;
          notice(
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
}
