package dev.netshrink.orchestrator.campaign;

import dev.netshrink.protocol.event.StopCause;
import dev.netshrink.protocol.event.TrialReopened;
import dev.netshrink.protocol.event.TrialStopped;
import dev.netshrink.protocol.event.TrialsAdded;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialStop;
import java.util.ArrayList;
import java.util.List;

/**
 * How {@link CampaignState} folds what stops, reopens or adds trials (a stopping rule's or a user's
 * decisions): part of the fold, kept apart so each stays readable. Each returns false when the
 * event changes nothing.
 */
final class TrialChanges {

  private TrialChanges() {}

  /**
   * The trial ends stopped. A stop may follow its attempt's success on the log: the orchestrator
   * decided it before it read that end (live, the end came second and changed nothing), so the stop
   * holds in a replay too.
   */
  static boolean stop(CampaignState state, TrialStopped s) {
    TrialRecord trial = state.trials.get(s.trialId());
    int attempt = s.jobId() == null ? 0 : RunJob.attemptOf(s.jobId());
    if (trial == null
        || attempt < trial.attempt
        || trial.status == TrialStatus.FAILED
        || trial.status == TrialStatus.STOPPED
        || (trial.status == TrialStatus.SUCCEEDED && attempt > trial.attempt)) {
      return false;
    }
    if (attempt > trial.attempt) {
      CampaignState.newAttempt(trial, attempt, s.jobId()); // its TrialQueued was lost
    }
    trial.status = TrialStatus.STOPPED;
    trial.stop = new TrialStop(s.cause(), s.epoch(), s.reason());
    trial.attemptFailure = null;
    if (s.cause() == StopCause.EARLY_STOPPED) {
      trial.judgedRungs.add(s.epoch());
    }
    if (trial.accuracy == null && !trial.epochs.isEmpty()) {
      trial.accuracy = trial.epochs.lastEntry().getValue().accuracy();
    }
    return true;
  }

  /** The added students go after the others, before the pruning that follows them all. */
  static boolean add(CampaignState state, TrialsAdded added) {
    List<TrialPlan> plans =
        added.trials().stream().map(t -> TrialPlan.added(state.campaignId, t)).toList();
    if (plans.stream().anyMatch(p -> state.trials.containsKey(p.trialId()))) {
      return false;
    }
    List<TrialRecord> all = new ArrayList<>(state.trials.values());
    int at = 0;
    while (at < all.size() && all.get(at).plan.kind() != TrialKind.PRUNE) {
      at++;
    }
    all.addAll(at, plans.stream().map(TrialRecord::new).toList());
    state.trials.clear();
    all.forEach(t -> state.trials.put(t.plan.trialId(), t));
    return true;
  }

  /** A failed or stopped trial waits to run again, its limits counted afresh from now. */
  static boolean reopen(CampaignState state, TrialReopened r) {
    TrialRecord trial = state.trials.get(r.trialId());
    int attempt = r.jobId() == null ? 0 : RunJob.attemptOf(r.jobId());
    if (trial == null
        || attempt != trial.attempt
        || !(trial.status == TrialStatus.FAILED || trial.status == TrialStatus.STOPPED)) {
      return false;
    }
    trial.status = TrialStatus.WAITING;
    trial.stop = null;
    trial.error = null;
    trial.accuracy = null;
    trial.progress = 0;
    trial.attemptFailure = null;
    trial.failedBefore = trial.attempt - trial.lostAttempts;
    trial.lostBefore = trial.lostAttempts;
    return true;
  }
}
