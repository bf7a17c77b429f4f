package dev.netshrink.orchestrator.campaign;

import dev.netshrink.protocol.event.CampaignCancelled;
import dev.netshrink.protocol.event.CampaignCompleted;
import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.CheckpointSaved;
import dev.netshrink.protocol.event.ConcurrencyLimited;
import dev.netshrink.protocol.event.EpochCompleted;
import dev.netshrink.protocol.event.LogitsPublished;
import dev.netshrink.protocol.event.PredictionsMade;
import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.event.PrunePointMeasured;
import dev.netshrink.protocol.event.TrainingProgressed;
import dev.netshrink.protocol.event.TrialAbandoned;
import dev.netshrink.protocol.event.TrialCompleted;
import dev.netshrink.protocol.event.TrialDecision;
import dev.netshrink.protocol.event.TrialEvent;
import dev.netshrink.protocol.event.TrialFailed;
import dev.netshrink.protocol.event.TrialPromoted;
import dev.netshrink.protocol.event.TrialQueued;
import dev.netshrink.protocol.event.TrialReopened;
import dev.netshrink.protocol.event.TrialRetried;
import dev.netshrink.protocol.event.TrialStarted;
import dev.netshrink.protocol.event.TrialStopped;
import dev.netshrink.protocol.event.TrialsAdded;
import dev.netshrink.protocol.job.Assignment;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.spec.CampaignSpec;
import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.EpochView;
import dev.netshrink.protocol.view.ModelView;
import dev.netshrink.protocol.view.PredictionsView;
import dev.netshrink.protocol.view.TargetChoice;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A campaign's state as a fold of its events: what workers reported ({@link TrialEvent}) and what
 * the orchestrator decided ({@link TrialDecision}), so the events topic alone rebuilds it, retries
 * included. Handling is idempotent: an event seen before, or one from an attempt older than the
 * current one or already decided on, changes nothing. An event of a newer attempt makes that
 * attempt the current one, as its {@link TrialQueued} would: logs written before decisions were
 * recorded, or a decision lost in a crash, still fold. What happens next is decided by {@link
 * CampaignScheduler} from this state.
 */
public final class CampaignState {

  /** The most a running trial shows: 1 is said by its end alone. */
  static final double MAX_RUNNING_PROGRESS = 0.99;

  final String campaignId;
  final CampaignSpec spec;
  final long submittedAtMillis;
  final AttemptLimits attempts;
  final Map<String, TrialRecord> trials = new LinkedHashMap<>();
  private final Set<String> seenEventIds = new HashSet<>();
  private final Map<String, PrunePoint> pruning = new TreeMap<>();
  private final Map<String, PredictionsView> predictions = new LinkedHashMap<>();
  String logitsKey;
  int logitsCount;
  boolean completed;
  boolean succeeded;
  String reportDir;

  /** Why a user cancelled the campaign; null while nobody has. */
  String cancelled;

  /** The most trials queued or running at once, as a user limited it; 0: no limit. */
  int maxConcurrent;

  public CampaignState(
      String campaignId, CampaignSpec spec, long submittedAtMillis, AttemptLimits attempts) {
    this.campaignId = campaignId;
    this.spec = spec;
    this.submittedAtMillis = submittedAtMillis;
    this.attempts = attempts;
    for (TrialPlan plan : TrialPlan.expand(campaignId, spec)) {
      trials.put(plan.trialId(), new TrialRecord(plan));
    }
  }

  /** Folds one event in; returns false when it was a duplicate or changed nothing. */
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
    if (event instanceof CampaignCancelled c) {
      if (cancelled != null || completed) {
        return false;
      }
      cancelled = c.reason();
      return true;
    }
    if (event instanceof ConcurrencyLimited limit) {
      maxConcurrent = limit.maxConcurrent();
      return true;
    }
    if (event instanceof TrialsAdded added) {
      return TrialChanges.add(this, added);
    }
    if (event instanceof TrialReopened reopened) {
      return TrialChanges.reopen(this, reopened);
    }
    if (event instanceof TrialStopped stopped) {
      return TrialChanges.stop(this, stopped);
    }
    if (event instanceof TrialPromoted promoted) {
      TrialRecord trial = trials.get(promoted.trialId());
      return trial != null && !trial.status.isFinal() && trial.judgedRungs.add(promoted.epoch());
    }
    if (event instanceof TrialDecision decision) {
      return applyDecision(decision);
    }
    if (event instanceof TrialEvent report) {
      return applyReport(report);
    }
    throw new IllegalArgumentException("not a kind of campaign event: " + event.getClass());
  }

  private boolean applyDecision(TrialDecision decision) {
    TrialRecord trial = trials.get(decision.trialId());
    int attempt = decision.jobId() == null ? 0 : RunJob.attemptOf(decision.jobId());
    if (trial == null || trial.status.isFinal() || attempt < trial.attempt) {
      return false;
    }
    if (decision instanceof TrialQueued) {
      if (attempt == trial.attempt) {
        return false; // already current: a worker's event of this attempt came first
      }
      newAttempt(trial, attempt, decision.jobId());
      return true;
    }
    if (attempt > trial.attempt) {
      newAttempt(trial, attempt, decision.jobId()); // its TrialQueued was lost
    } else if (decision instanceof TrialRetried && trial.status == TrialStatus.WAITING) {
      return false; // this attempt was already retried
    }
    if (decision instanceof TrialRetried r) {
      trial.status = TrialStatus.WAITING;
      trial.error = r.reason();
      if (r.lost()) {
        trial.lostAttempts++;
      }
    } else if (decision instanceof TrialAbandoned a) {
      trial.status = TrialStatus.FAILED;
      trial.error = a.reason();
    }
    trial.attemptFailure = null;
    return true;
  }

  private boolean applyReport(TrialEvent e) {
    TrialRecord trial = trials.get(e.trialId());
    int attempt = RunJob.attemptOf(e.jobId());
    if (trial == null || attempt < trial.attempt || trial.status.isFinal()) {
      return false;
    }
    if (attempt > trial.attempt) {
      // a log without this attempt's TrialQueued (written before decisions were events)
      newAttempt(trial, attempt, e.jobId());
    } else if (trial.status == TrialStatus.WAITING || trial.attemptFailure != null) {
      return false; // this attempt already ended in a failure; a late report changes nothing
    }
    if (trial.workerId == null) {
      trial.workerId = e.workerId(); // TrialStarted, which every worker reports first
    } else if (!trial.workerId.equals(e.workerId())) {
      // an attempt's reports count only from the worker that reported on it first: a forged
      // result, or one from another process reusing the attempt's job id, changes nothing
      return false;
    }
    if (e instanceof TrialStarted) {
      trial.status = TrialStatus.RUNNING;
    } else if (e instanceof TrainingProgressed p) {
      trial.status = TrialStatus.RUNNING;
      trial.phase = p.phase();
      if (p.total() > 0) {
        // the last batch is not the end: the evaluation and the checkpoint follow it, and a
        // follower showing 100% while the trial runs on looks stuck; only the end says 1
        trial.progress =
            Math.max(trial.progress, Math.min(MAX_RUNNING_PROGRESS, (double) p.done() / p.total()));
      }
    } else if (e instanceof EpochCompleted ep) {
      trial.epochs.put(
          ep.epoch(),
          new EpochView(
              ep.epoch(),
              ep.kdLoss(),
              ep.ceLoss(),
              ep.totalLoss(),
              ep.accuracy(),
              ep.imagesPerSecond()));
      trial.progress =
          Math.max(
              trial.progress, Math.min(MAX_RUNNING_PROGRESS, (double) ep.epoch() / ep.epochs()));
    } else if (e instanceof LogitsPublished l) {
      logitsKey = l.logitsKey();
      logitsCount = l.images();
    } else if (e instanceof CheckpointSaved c) {
      if (trial.checkpoint == null || c.epoch() >= trial.checkpoint.epoch()) {
        trial.checkpoint = new Assignment.ResumeFrom(c.ref().jobId(), c.epoch());
      }
      trial.modelBytes = c.bytes();
    } else if (e instanceof PrunePointMeasured m) {
      PrunePoint p = m.point();
      // a schedule's rounds sort after the sweep, by schedule and round, and a sensitivity
      // analysis's layers after them
      pruning.put(
          p.model()
              + "/"
              + p.method()
              + (p.stage() != null
                  ? "~" + p.stage().schedule() + "#" + String.format("%02d", p.stage().round())
                  : p.layerRatios() != null
                      ? "~by-layer"
                      : p.layer() != null
                          ? "~~" + p.layer() + "@" + String.format("%.4f", p.ratio())
                          : "@" + String.format("%.4f", p.ratio())),
          p);
    } else if (e instanceof PredictionsMade p) {
      predictions.put(
          trial.plan.name(), new PredictionsView(trial.plan.name(), p.ids(), p.categories()));
    } else if (e instanceof TrialCompleted c) {
      trial.status = TrialStatus.SUCCEEDED;
      trial.progress = 1.0;
      trial.accuracy = Double.isNaN(c.accuracy()) ? null : c.accuracy();
      // a pruner job trains no model of its own: its models are the sweep's points
      trial.parameters = trial.plan.kind() == TrialKind.PRUNE ? null : c.parameters();
      trial.seconds = c.seconds();
      trial.error = null;
    } else if (e instanceof TrialFailed f) {
      // only the attempt: whether the trial runs again is the orchestrator's decision
      trial.attemptFailure = f.reason();
      trial.error = f.reason();
    }
    return true;
  }

  static void newAttempt(TrialRecord trial, int attempt, String jobId) {
    trial.attempt = attempt;
    trial.currentJobId = jobId;
    trial.status = TrialStatus.QUEUED;
    trial.workerId = null;
    trial.progress = 0;
    trial.attemptFailure = null;
  }

  /**
   * Jobs queued or running according to the log (after a replay: by a previous run), and not
   * reported failed.
   */
  public List<String> activeJobIds() {
    return trials.values().stream()
        .filter(TrialRecord::attemptAlive)
        .map(t -> t.currentJobId)
        .toList();
  }

  public String trialName(String trialId) {
    TrialRecord trial = trials.get(trialId);
    return trial == null ? trialId : trial.plan.name();
  }

  /** A trial's kind as its view names it (teacher, student, prune), for metrics. */
  public String trialKind(String trialId) {
    TrialRecord trial = trials.get(trialId);
    return trial == null ? "unknown" : trial.plan.kind().name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Trial name -> state, for metrics. */
  public Map<String, TrialStatus> trialStates() {
    Map<String, TrialStatus> states = new LinkedHashMap<>();
    trials.values().forEach(t -> states.put(t.plan.name(), t.status));
    return states;
  }

  /** The names of the trials that have not ended. */
  List<String> unfinishedTrialNames() {
    return trials.values().stream()
        .filter(t -> !t.status.isFinal())
        .map(t -> t.plan.name())
        .toList();
  }

  public boolean allTrialsFinal() {
    return trials.values().stream().allMatch(t -> t.status.isFinal());
  }

  public boolean completed() {
    return completed;
  }

  /** Every pruned point measured so far, in the view's order. */
  List<PrunePoint> prunePoints() {
    return List.copyOf(pruning.values());
  }

  /** Whether a user cancelled the campaign. */
  public boolean cancelled() {
    return cancelled != null;
  }

  /** How the campaign ends once every trial has: cancelled, failed (a trial did) or succeeded. */
  public CampaignStatus ending() {
    return cancelled()
        ? CampaignStatus.CANCELLED
        : anyTrialFailed() ? CampaignStatus.FAILED : CampaignStatus.SUCCEEDED;
  }

  public boolean anyTrialFailed() {
    return trials.values().stream().anyMatch(t -> t.status == TrialStatus.FAILED);
  }

  public CampaignView view() {
    CampaignStatus state =
        !completed
            ? CampaignStatus.RUNNING
            : cancelled()
                ? CampaignStatus.CANCELLED
                : succeeded ? CampaignStatus.SUCCEEDED : CampaignStatus.FAILED;
    List<PrunePoint> points = new ArrayList<>(pruning.values());
    CampaignView view =
        new CampaignView(
            campaignId,
            spec.name(),
            state,
            submittedAtMillis,
            trials.values().stream().map(TrialRecord::view).toList(),
            points,
            reportDir,
            List.copyOf(predictions.values()));
    if (spec.target() == null) {
      return view;
    }
    // null until the teacher has one (a stream's findFirst cannot hold a null)
    Double teacherAccuracy = null;
    for (TrialView t : view.trials()) {
      if (t.kind().equals("teacher")) {
        teacherAccuracy = t.accuracy();
      }
    }
    return view.withChoice(TargetChoice.of(ModelView.of(view), spec.target(), teacherAccuracy));
  }
}
