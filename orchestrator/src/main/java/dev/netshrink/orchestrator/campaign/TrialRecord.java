package dev.netshrink.orchestrator.campaign;

import dev.netshrink.protocol.job.Assignment;
import dev.netshrink.protocol.view.EpochView;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialStop;
import dev.netshrink.protocol.view.TrialView;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The mutable state of one trial, owned by its campaign actor and changed only by the fold of its
 * events ({@link CampaignState#apply}); the scheduler only reads it.
 */
final class TrialRecord {

  final TrialPlan plan;
  TrialStatus status = TrialStatus.WAITING;
  int attempt;
  String currentJobId;
  String workerId;

  /** Keyed by epoch so a resumed or redelivered epoch is never counted twice. */
  final TreeMap<Integer, EpochView> epochs = new TreeMap<>();

  double progress;
  String phase;
  Double accuracy;
  Long parameters;
  Double seconds;
  String error;

  /**
   * Why the current attempt failed, as its worker reported; null while it has not. The
   * orchestrator's decision (retry or abandon) follows and clears it.
   */
  String attemptFailure;

  /**
   * The furthest accepted checkpoint (the attempt that saved it and its epoch), where a retry
   * resumes; null before one. Only the current attempt's CheckpointSaved reach the fold, so a
   * fenced attempt's late checkpoints never move it.
   */
  Assignment.ResumeFrom checkpoint;

  /** The size of the model's parameters, from the latest CheckpointSaved; null before one. */
  Long modelBytes;

  /** Attempts lost with their worker: counted apart from the ones the job failed. */
  int lostAttempts;

  /**
   * Failed and lost attempts before a user reopened the trial: they count no more against its
   * limits.
   */
  int failedBefore;

  int lostBefore;

  /** Attempts the job failed since the trial was last (re)opened. */
  int failuresCounted() {
    return attempt - lostAttempts - failedBefore;
  }

  /** Attempts lost with their worker since the trial was last (re)opened. */
  int lossesCounted() {
    return lostAttempts - lostBefore;
  }

  /** Why and when it was stopped; null while it was not. */
  TrialStop stop;

  /** The rungs the stopping rule judged it at (promoted, or stopped at the last). */
  final Set<Integer> judgedRungs = new TreeSet<>();

  TrialRecord(TrialPlan plan) {
    this.plan = plan;
  }

  /** An attempt is queued or running and has not failed: a worker may still be on it. */
  boolean attemptAlive() {
    return (status == TrialStatus.QUEUED || status == TrialStatus.RUNNING)
        && attemptFailure == null;
  }

  /** The accuracy it had after {@code epoch}, if it reported that epoch. */
  Double accuracyAt(int epoch) {
    EpochView e = epochs.get(epoch);
    return e == null ? null : e.accuracy();
  }

  TrialView view() {
    return new TrialView(
        plan.trialId(),
        plan.name(),
        plan.kind().name().toLowerCase(Locale.ROOT),
        plan.alpha(),
        // the CE baseline (alpha 0) runs at T = 1, where T does nothing: no value to show
        plan.alpha() != null && plan.alpha() == 0.0 ? null : plan.temperature(),
        status,
        attempt,
        workerId,
        new ArrayList<>(epochs.values()),
        progress,
        phase,
        accuracy,
        parameters,
        seconds,
        error,
        modelBytes,
        plan.settings(),
        stop);
  }
}
