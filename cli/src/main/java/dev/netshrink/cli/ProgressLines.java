package dev.netshrink.cli;

import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.EpochView;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialView;
import dev.netshrink.protocol.worker.WorkerRole;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The follower's picture of a campaign: a header ("campaign X: 3/6 trials done, ..., ETA 2m10s")
 * and one line per trial, the pruner's slices as one line. Times are measured from what this
 * follower saw (when it first saw a trial run, and its progress then), so a follower that
 * re-attaches mid-trial estimates from the progress it sees grow, not from a start it never saw.
 */
final class ProgressLines {

  /** Below this much progress seen, a rate is noise: no ETA yet. */
  private static final double MIN_PROGRESS_SEEN = 0.02;

  private record Seen(long atNanos, double progress) {}

  private final Map<String, Seen> firstSeenRunning = new HashMap<>();
  private final long startNanos;

  ProgressLines(long startNanos) {
    this.startNanos = startNanos;
  }

  /** Header first, then the trials in plan order; {@code workers}: live workers per role. */
  List<String> render(CampaignView view, Map<WorkerRole, Integer> workers, long nowNanos) {
    List<TrialView> trials = view.trials().stream().filter(t -> !isSlice(t)).toList();
    List<TrialView> slices = view.trials().stream().filter(ProgressLines::isSlice).toList();
    List<String> lines = new ArrayList<>();
    lines.add(header(view, workers, nowNanos));
    for (TrialView t : trials) {
      lines.add(trialLine(t, nowNanos));
    }
    if (!slices.isEmpty()) {
      lines.add(sliceLine(slices, view.pruning().size(), nowNanos));
    }
    return lines;
  }

  private String header(CampaignView view, Map<WorkerRole, Integer> workers, long nowNanos) {
    long done = view.trials().stream().filter(t -> t.state().isFinal()).count();
    long running = count(view, TrialStatus.RUNNING);
    long queued = count(view, TrialStatus.QUEUED);
    long waiting = count(view, TrialStatus.WAITING);
    StringBuilder s =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "campaign %s: %d/%d jobs done, %d running, %d queued, %d waiting · %s",
                view.campaignId(),
                done,
                view.trials().size(),
                running,
                queued,
                waiting,
                clock(Duration.ofNanos(nowNanos - startNanos))));
    if (view.finished()) {
      s.append(" · ").append(view.state().wireName());
    } else {
      s.append(" · ETA ").append(campaignEta(view, workers, nowNanos));
    }
    return s.toString();
  }

  private String trialLine(TrialView t, long nowNanos) {
    StringBuilder s =
        new StringBuilder(String.format(Locale.ROOT, "  %-16s %-9s", t.name(), t.state()));
    switch (t.state()) {
      case SUCCEEDED -> {
        if (t.accuracy() != null) {
          s.append(String.format(Locale.ROOT, " acc %.4f", t.accuracy()));
        }
        if (t.seconds() != null) {
          s.append(String.format(Locale.ROOT, " in %s", clock(seconds(t.seconds()))));
        }
      }
      case FAILED -> s.append(" ").append(t.error() == null ? "" : t.error());
      case STOPPED -> {
        if (t.stop() != null) {
          s.append(" after epoch ").append(t.stop().epoch());
        }
        if (t.accuracy() != null) {
          s.append(String.format(Locale.ROOT, " acc %.4f", t.accuracy()));
        }
        if (t.stop() != null) {
          s.append(" (").append(t.stop().cause().wireName()).append(')');
        }
      }
      case RUNNING -> {
        s.append(String.format(Locale.ROOT, " %3d%%", Math.round(t.progress() * 100)));
        if (!t.epochs().isEmpty()) {
          s.append(' ').append(lastEpoch(t));
        } else if (t.phase() != null) {
          s.append(' ').append(t.phase());
        }
        Duration eta = eta(t, nowNanos);
        s.append(" ETA ").append(eta == null ? "?" : clock(eta));
        if (t.attempt() > 1) {
          s.append(" attempt ").append(t.attempt());
        }
        if (t.workerId() != null) {
          s.append(" @").append(t.workerId());
        }
      }
      case QUEUED -> s.append(" for a ").append(t.role().wireName()).append(" worker");
      case WAITING -> s.append(t.role() == WorkerRole.STUDENT ? " for the teacher's logits" : "");
    }
    return s.toString();
  }

  /** "ep 2 loss 0.512 acc 0.891": the last finished epoch of a trial that has one. */
  static String lastEpoch(TrialView t) {
    EpochView last = t.epochs().get(t.epochs().size() - 1);
    return String.format(
        Locale.ROOT, "ep %d loss %.3f acc %.3f", last.epoch(), last.totalLoss(), last.accuracy());
  }

  private String sliceLine(List<TrialView> slices, int points, long nowNanos) {
    long done = slices.stream().filter(t -> t.state().isFinal()).count();
    long failed = slices.stream().filter(t -> t.state() == TrialStatus.FAILED).count();
    List<TrialView> running =
        slices.stream().filter(t -> t.state() == TrialStatus.RUNNING).toList();
    String state =
        done == slices.size()
            ? (failed > 0 ? "failed" : "succeeded")
            : running.isEmpty() ? slices.get(0).state().wireName() : "running";
    StringBuilder s =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "  %-16s %-9s %d/%d slices, %d points measured",
                "prune x" + slices.size(),
                state,
                done,
                slices.size(),
                points));
    if (failed > 0) {
      s.append(", ").append(failed).append(" failed");
    }
    for (TrialView t : running) {
      Duration eta = eta(t, nowNanos);
      s.append(
          String.format(
              Locale.ROOT,
              " | %s %d%% ETA %s @%s",
              t.name().replaceFirst("^prune-", ""),
              Math.round(t.progress() * 100),
              eta == null ? "?" : clock(eta),
              t.workerId()));
    }
    return s.toString();
  }

  /** From the progress this follower saw the trial make since it first saw it run. */
  private Duration eta(TrialView t, long nowNanos) {
    Seen first =
        // per attempt: a retried trial's progress starts again below what the last attempt had
        firstSeenRunning.computeIfAbsent(
            t.trialId() + "#" + t.attempt(), id -> new Seen(nowNanos, t.progress()));
    double gained = t.progress() - first.progress();
    if (gained < MIN_PROGRESS_SEEN || nowNanos <= first.atNanos()) {
      return null;
    }
    double perUnit = (nowNanos - first.atNanos()) / gained;
    return Duration.ofNanos((long) (perUnit * (1 - t.progress())));
  }

  /**
   * Roles run one after the other (teacher, students, pruners): per role, the longest running ETA
   * plus the jobs still to start times their finished siblings' mean duration, over the role's live
   * workers. A role with work left and nothing yet to learn from (no rate seen, no job finished) is
   * unknown: then the rest is a lower bound ("&gt;3m10s"), or "?" when nothing is known.
   */
  private String campaignEta(CampaignView view, Map<WorkerRole, Integer> workers, long now) {
    Map<WorkerRole, List<TrialView>> byRole = new EnumMap<>(WorkerRole.class);
    view.trials().forEach(t -> byRole.computeIfAbsent(t.role(), r -> new ArrayList<>()).add(t));
    long knownNanos = 0;
    boolean partial = false;
    for (Map.Entry<WorkerRole, List<TrialView>> role : byRole.entrySet()) {
      List<TrialView> jobs = role.getValue();
      long runningNanos = 0;
      for (TrialView t : jobs) {
        if (t.state() == TrialStatus.RUNNING) {
          Duration eta = eta(t, now);
          partial |= eta == null;
          runningNanos = Math.max(runningNanos, eta == null ? 0 : eta.toNanos());
        }
      }
      long toStart =
          jobs.stream()
              .filter(t -> t.state() == TrialStatus.QUEUED || t.state() == TrialStatus.WAITING)
              .count();
      if (toStart > 0) {
        OptionalDouble mean =
            jobs.stream()
                .filter(t -> t.state() == TrialStatus.SUCCEEDED && t.seconds() != null)
                .mapToDouble(TrialView::seconds)
                .average();
        partial |= mean.isEmpty();
        int live = Math.max(1, workers.getOrDefault(role.getKey(), 1));
        runningNanos += (long) (Math.ceil((double) toStart / live) * mean.orElse(0.0) * 1e9);
      }
      knownNanos += runningNanos;
    }
    if (!partial) {
      return clock(Duration.ofNanos(knownNanos));
    }
    return knownNanos > 0 ? ">" + clock(Duration.ofNanos(knownNanos)) : "?";
  }

  private static boolean isSlice(TrialView t) {
    return t.role() == WorkerRole.PRUNER;
  }

  private static long count(CampaignView view, TrialStatus state) {
    return view.trials().stream().filter(t -> t.state() == state).count();
  }

  private static Duration seconds(double s) {
    return Duration.ofMillis(Math.round(s * 1000));
  }

  /** 42s, 3m05s, 1h02m. */
  static String clock(Duration d) {
    long s = Math.max(0, Math.round(d.toMillis() / 1000.0));
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
  }
}
