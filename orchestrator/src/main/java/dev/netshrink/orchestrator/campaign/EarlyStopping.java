package dev.netshrink.orchestrator.campaign;

import dev.netshrink.protocol.event.StopCause;
import dev.netshrink.protocol.event.TrialRef;
import dev.netshrink.protocol.spec.StoppingRule;
import dev.netshrink.protocol.spec.StoppingSpec;
import dev.netshrink.protocol.view.EpochView;
import dev.netshrink.protocol.view.TrialStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code search.stopping} decides about running student trials, from the campaign's state
 * alone: at each rung a trial reached and was not judged at, {@link Decision.Promote} or {@link
 * Decision.Stop}. Both are recorded, so a rung is judged once, and a replayed log judges it the
 * same way. The CE baseline is a reference: never judged, never compared with.
 *
 * <p>ASHA compares a trial with the trials judged at the same rung before it (Ray Tune's and Syne
 * Tune's stopping form): the first to reach a rung goes on, later ones stop below the {@code 1 -
 * 1/eta} quantile of those before them. The median rule judges a trial at its latest epoch, once
 * {@code minTrials} other trials have reached that epoch: its best accuracy so far against the
 * median of their mean accuracies up to it.
 */
final class EarlyStopping {

  private EarlyStopping() {}

  /** At most one decision per trial: the next rung is judged in the next round. */
  static List<Decision> decide(CampaignState state) {
    StoppingSpec stopping = state.spec.search() == null ? null : state.spec.search().stopping();
    if (stopping == null || stopping.rule() == StoppingRule.NONE) {
      return List.of();
    }
    List<TrialRecord> judged = judgedTrials(state);
    List<Decision> decisions = new ArrayList<>();
    for (TrialRecord trial : judged) {
      if (trial.status != TrialStatus.RUNNING || !trial.attemptAlive()) {
        continue;
      }
      List<Integer> rungs = stopping.rungs(trial.plan.student(state.spec.student()).epochs());
      Optional<Decision> decision =
          stopping.rule() == StoppingRule.ASHA
              ? asha(state, stopping, judged, trial, rungs)
              : median(state, stopping, judged, trial, rungs);
      decision.ifPresent(decisions::add);
    }
    return decisions;
  }

  /** The trials a rule judges and compares: every student but the CE baseline. */
  static List<TrialRecord> judgedTrials(CampaignState state) {
    return state.trials.values().stream()
        .filter(t -> t.plan.kind() == TrialKind.STUDENT && !t.plan.isBaseline())
        .toList();
  }

  private static Optional<Decision> asha(
      CampaignState state,
      StoppingSpec stopping,
      List<TrialRecord> judged,
      TrialRecord trial,
      List<Integer> rungs) {
    for (int rung : rungs) {
      if (trial.judgedRungs.contains(rung)) {
        continue;
      }
      Double accuracy = trial.accuracyAt(rung);
      if (accuracy == null) {
        return Optional.empty(); // not there yet
      }
      double[] before =
          judged.stream()
              .filter(o -> o != trial && o.judgedRungs.contains(rung) && o.accuracyAt(rung) != null)
              .mapToDouble(o -> o.accuracyAt(rung))
              .toArray();
      if (before.length == 0) {
        return Optional.of(
            promote(state, trial, rung, "asha: the first trial to reach epoch " + rung));
      }
      double q = 1 - 1.0 / stopping.eta();
      double cutoff = quantile(before, q);
      String figures =
          String.format(
              Locale.ROOT,
              "accuracy %.4f at epoch %d, cutoff %.4f (top 1/%d of %d trials before it)",
              accuracy,
              rung,
              cutoff,
              stopping.eta(),
              before.length);
      return Optional.of(
          accuracy < cutoff
              ? stop(state, trial, rung, "asha: " + figures)
              : promote(state, trial, rung, "asha: " + figures));
    }
    return Optional.empty();
  }

  private static Optional<Decision> median(
      CampaignState state,
      StoppingSpec stopping,
      List<TrialRecord> judged,
      TrialRecord trial,
      List<Integer> rungs) {
    if (trial.epochs.isEmpty()) {
      return Optional.empty();
    }
    int epoch = trial.epochs.lastKey();
    if (!rungs.contains(epoch) || trial.judgedRungs.contains(epoch)) {
      return Optional.empty();
    }
    double[] means =
        judged.stream()
            .filter(o -> o != trial && o.accuracyAt(epoch) != null)
            .mapToDouble(o -> meanUpTo(o, epoch))
            .toArray();
    if (means.length < stopping.minTrials()) {
      return Optional.empty(); // judged at a later epoch, once enough trials got there
    }
    double best =
        trial.epochs.headMap(epoch, true).values().stream()
            .mapToDouble(EpochView::accuracy)
            .max()
            .orElseThrow();
    double median = quantile(means, 0.5);
    String figures =
        String.format(
            Locale.ROOT,
            "best accuracy %.4f by epoch %d, median of %d trials' mean accuracy %.4f",
            best,
            epoch,
            means.length,
            median);
    return Optional.of(
        best < median
            ? stop(state, trial, epoch, "median: " + figures)
            : promote(state, trial, epoch, "median: " + figures));
  }

  private static double meanUpTo(TrialRecord trial, int epoch) {
    return trial.epochs.headMap(epoch, true).values().stream()
        .mapToDouble(EpochView::accuracy)
        .average()
        .orElseThrow();
  }

  /** The {@code q} quantile with linear interpolation between order statistics (numpy's). */
  static double quantile(double[] values, double q) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  private static Decision stop(CampaignState state, TrialRecord trial, int epoch, String reason) {
    return new Decision.Stop(ref(state, trial), StopCause.EARLY_STOPPED, epoch, reason);
  }

  private static Decision promote(
      CampaignState state, TrialRecord trial, int epoch, String reason) {
    return new Decision.Promote(ref(state, trial), epoch, reason);
  }

  private static TrialRef ref(CampaignState state, TrialRecord trial) {
    return new TrialRef(state.campaignId, trial.plan.trialId(), trial.currentJobId, null);
  }
}
