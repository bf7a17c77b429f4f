package dev.netshrink.orchestrator.campaign;

import dev.netshrink.protocol.event.CampaignCompleted;
import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.CheckpointSaved;
import dev.netshrink.protocol.event.EpochCompleted;
import dev.netshrink.protocol.event.LogitsPublished;
import dev.netshrink.protocol.event.PredictionsMade;
import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.event.PrunePointMeasured;
import dev.netshrink.protocol.event.TrainingProgressed;
import dev.netshrink.protocol.event.TrialCompleted;
import dev.netshrink.protocol.event.TrialEvent;
import dev.netshrink.protocol.event.TrialFailed;
import dev.netshrink.protocol.event.TrialStarted;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.spec.CampaignSpec;
import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.EpochView;
import dev.netshrink.protocol.view.PredictionsView;
import dev.netshrink.protocol.view.TrialStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A campaign's state as a fold of its events. Handling is idempotent: an event seen before,
 * or one from an attempt older than the current one, changes nothing. An event of a newer
 * attempt (met when replaying the log after a restart) makes that attempt the current one. Which jobs to run next is
 * decided by {@link CampaignScheduler} from this state.
 */
public final class CampaignState {

  final String campaignId;
  final CampaignSpec spec;
  final long submittedAtMillis;
  final int maxAttempts;
  final Map<String, TrialRecord> trials = new LinkedHashMap<>();
  private final Set<String> seenEventIds = new HashSet<>();
  private final Map<String, PrunePoint> pruning = new TreeMap<>();
  private final Map<String, PredictionsView> predictions = new LinkedHashMap<>();
  String logitsKey;
  int logitsCount;
  boolean completed;
  boolean succeeded;
  String reportDir;

  public CampaignState(String campaignId, CampaignSpec spec, long submittedAtMillis,
      int maxAttempts) {
    this.campaignId = campaignId;
    this.spec = spec;
    this.submittedAtMillis = submittedAtMillis;
    this.maxAttempts = maxAttempts;
    for (TrialPlan plan : TrialPlan.expand(campaignId, spec)) {
      trials.put(plan.trialId(), new TrialRecord(plan));
    }
  }

  /** Folds one event in; returns false when it was a duplicate or belongs to a stale attempt. */
  public boolean apply(CampaignEvent event) {
    if (!seenEventIds.add(event.eventId())) {
      return false;
    }
    if (event instanceof CampaignCompleted done) {
      completed = true;
      succeeded = done.succeeded();
      reportDir = done.reportDir();
      return true;
    }
    TrialEvent e = (TrialEvent) event;
    TrialRecord trial = trials.get(e.trialId());
    int attempt = RunJob.attemptOf(e.jobId());
    if (trial == null || attempt < trial.attempt || trial.status.isFinal()) {
      return false;
    }
    if (attempt > trial.attempt) {
      // replaying the log after a restart: this attempt was queued by the previous run
      trial.attempt = attempt;
      trial.currentJobId = e.jobId();
      trial.status = TrialStatus.QUEUED;
    }
    if (e instanceof TrialStarted s) {
      trial.status = TrialStatus.RUNNING;
      trial.workerId = s.workerId();
    } else if (e instanceof TrainingProgressed p) {
      trial.status = TrialStatus.RUNNING;
      trial.phase = p.phase();
      if (p.total() > 0) {
        trial.progress = Math.max(trial.progress, Math.min(1.0, (double) p.done() / p.total()));
      }
    } else if (e instanceof EpochCompleted ep) {
      trial.epochs.put(ep.epoch(), new EpochView(ep.epoch(), ep.kdLoss(), ep.ceLoss(),
          ep.totalLoss(), ep.accuracy(), ep.imagesPerSecond()));
      trial.progress = Math.max(trial.progress, (double) ep.epoch() / ep.epochs());
    } else if (e instanceof LogitsPublished l) {
      logitsKey = l.logitsKey();
      logitsCount = l.images();
    } else if (e instanceof CheckpointSaved c) {
      trial.checkpointEpoch = Math.max(trial.checkpointEpoch, c.epoch());
    } else if (e instanceof PrunePointMeasured m) {
      PrunePoint p = m.point();
      pruning.put(p.model() + "/" + p.method() + "@" + String.format("%.4f", p.ratio()), p);
    } else if (e instanceof PredictionsMade p) {
      predictions.put(trial.plan.name(), new PredictionsView(trial.plan.name(), p.ids(),
          p.categories()));
    } else if (e instanceof TrialCompleted c) {
      trial.status = TrialStatus.SUCCEEDED;
      trial.progress = 1.0;
      trial.accuracy = Double.isNaN(c.accuracy()) ? null : c.accuracy();
      trial.parameters = c.parameters();
      trial.seconds = c.seconds();
      trial.error = null;
    } else if (e instanceof TrialFailed f) {
      failAttempt(trial, f.reason());
    }
    return true;
  }

  /** The running attempt of {@code jobId} was lost with its worker: retry it, or give up. */
  public boolean jobLost(String jobId, String reason) {
    for (TrialRecord trial : trials.values()) {
      if (jobId.equals(trial.currentJobId) && !trial.status.isFinal()) {
        failAttempt(trial, reason);
        return true;
      }
    }
    return false;
  }

  private void failAttempt(TrialRecord trial, String reason) {
    trial.error = reason;
    trial.status = trial.attempt < maxAttempts ? TrialStatus.WAITING : TrialStatus.FAILED;
  }

  /** Jobs queued or running according to the log (after a replay: by a previous run). */
  public List<String> activeJobIds() {
    return trials.values().stream()
        .filter(t -> t.status == TrialStatus.QUEUED || t.status == TrialStatus.RUNNING)
        .map(t -> t.currentJobId).toList();
  }

  public String trialName(String trialId) {
    TrialRecord trial = trials.get(trialId);
    return trial == null ? trialId : trial.plan.name();
  }

  /** Trial name -> state, for metrics. */
  public Map<String, TrialStatus> trialStates() {
    Map<String, TrialStatus> states = new LinkedHashMap<>();
    trials.values().forEach(t -> states.put(t.plan.name(), t.status));
    return states;
  }

  public boolean allTrialsFinal() {
    return trials.values().stream().allMatch(t -> t.status.isFinal());
  }

  public boolean completed() {
    return completed;
  }

  public boolean anyTrialFailed() {
    return trials.values().stream().anyMatch(t -> t.status == TrialStatus.FAILED);
  }

  public CampaignView view() {
    CampaignStatus state = completed
        ? (succeeded ? CampaignStatus.SUCCEEDED : CampaignStatus.FAILED) : CampaignStatus.RUNNING;
    List<PrunePoint> points = new ArrayList<>(pruning.values());
    return new CampaignView(campaignId, spec.name(), state, submittedAtMillis,
        trials.values().stream().map(TrialRecord::view).toList(), points, reportDir,
        List.copyOf(predictions.values()));
  }
}
