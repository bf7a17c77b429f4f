package dev.netshrink.orchestrator.campaign;

import dev.netshrink.protocol.event.StopCause;
import dev.netshrink.protocol.event.TrialRef;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.job.JobSpec;
import dev.netshrink.protocol.spec.CampaignSpec;
import dev.netshrink.protocol.spec.ModelRole;
import dev.netshrink.protocol.view.TrialStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides, from a campaign's state alone, what happens next: the teacher runs first, students once
 * the teacher's logits are published, the pruning slices once every student has ended; a failed or
 * lost attempt is retried until {@code maxAttempts}, and a trial whose prerequisite failed for good
 * is abandoned with the reason; {@link EarlyStopping} judges running students, and a cancelled
 * campaign stops every trial not ended. It changes nothing: the campaign actor records each {@link
 * Decision} as an event, and recording one may make others possible.
 */
public final class CampaignScheduler {

  private CampaignScheduler() {}

  /** What to do now; at most one decision per trial, each one applicable to {@code state}. */
  public static List<Decision> decide(CampaignState state) {
    List<Decision> decisions = new ArrayList<>();
    if (state.cancelled()) {
      // nothing more runs: every trial not ended is stopped, running ones told to
      for (TrialRecord trial : state.trials.values()) {
        if (!trial.status.isFinal()) {
          decisions.add(stop(state, trial, "the campaign was cancelled: " + state.cancelled));
        }
      }
      return decisions;
    }
    decisions.addAll(EarlyStopping.decide(state));
    for (TrialRecord trial : state.trials.values()) {
      if (trial.attemptFailure != null && !trial.status.isFinal()) {
        decisions.add(afterFailure(state, trial, trial.attemptFailure));
      }
    }
    CampaignSpec spec = state.spec;
    TrialRecord teacher = trialsOf(state, TrialKind.TEACHER).get(0);
    if (teacher.status == TrialStatus.WAITING) {
      decisions.add(
          queue(
              state,
              teacher,
              new JobSpec.TeacherJob(
                  spec.dataset(),
                  spec.teacher(),
                  spec.seedOrDefault(),
                  spec.logits().precision())));
    }
    for (TrialRecord student : trialsOf(state, TrialKind.STUDENT)) {
      if (student.status != TrialStatus.WAITING) {
        continue;
      }
      if (teacher.status == TrialStatus.FAILED) {
        decisions.add(abandon(state, student, "teacher failed: " + teacher.error));
      } else if (teacher.status == TrialStatus.STOPPED) {
        decisions.add(stop(state, student, "the teacher was stopped: " + teacher.stop.reason()));
      } else if (teacher.status == TrialStatus.SUCCEEDED && state.logitsKey == null) {
        // its LogitsPublished precedes its TrialCompleted on the log: it was lost or refused
        decisions.add(abandon(state, student, "the teacher ended without publishing its logits"));
      } else if (teacher.status == TrialStatus.SUCCEEDED && state.logitsKey != null) {
        decisions.add(
            queue(
                state,
                student,
                new JobSpec.StudentJob(
                    spec.dataset(),
                    student.plan.student(spec.student()),
                    student.plan.alpha(),
                    student.plan.temperature(),
                    spec.seedOrDefault(),
                    state.logitsKey,
                    state.logitsCount)));
      }
    }
    for (TrialRecord prune : trialsOf(state, TrialKind.PRUNE)) {
      if (prune.status == TrialStatus.WAITING
          && studentsDone(state)
          && prune.plan.prune().byLayer()) {
        byLayer(state, teacher, prune).ifPresent(decisions::add);
        continue;
      }
      if (prune.status == TrialStatus.WAITING && studentsDone(state)) {
        TrialPlan.PruneSlice slice = prune.plan.prune();
        decisions.add(
            pruneJob(state, teacher, slice)
                .<Decision>map(job -> queue(state, prune, job))
                .orElseGet(
                    () ->
                        slice.model() != ModelRole.TEACHER
                            ? abandon(state, prune, "nothing to prune: no student succeeded")
                            : teacher.status == TrialStatus.STOPPED
                                ? stop(state, prune, "nothing to prune: the teacher was stopped")
                                : abandon(state, prune, "nothing to prune: the teacher failed")));
      }
    }
    return limited(state, decisions);
  }

  /**
   * The queue decisions that fit the user's limit of trials queued or running at once; the rest
   * wait for a later round, when running ones have ended.
   */
  private static List<Decision> limited(CampaignState state, List<Decision> decisions) {
    if (state.maxConcurrent <= 0) {
      return decisions;
    }
    long active = state.trials.values().stream().filter(TrialRecord::attemptAlive).count();
    long room = Math.max(0, state.maxConcurrent - active);
    List<Decision> kept = new ArrayList<>();
    for (Decision d : decisions) {
      if (d instanceof Decision.Queue) {
        if (room == 0) {
          continue;
        }
        room--;
      }
      kept.add(d);
    }
    return kept;
  }

  /**
   * The worker running {@code jobId} was lost: retry its trial or give it up, if that job is still
   * the trial's live attempt (a loss reported late, after the attempt ended, is nothing).
   */
  public static Optional<Decision> afterLoss(CampaignState state, String jobId, String reason) {
    return state.trials.values().stream()
        .filter(t -> jobId.equals(t.currentJobId) && t.attemptAlive())
        .findFirst()
        .map(
            t ->
                t.lossesCounted() < state.attempts.losses()
                    ? new Decision.Retry(ref(state, t), reason, true)
                    : new Decision.Abandon(
                        ref(state, t),
                        "lost with its worker " + (t.lossesCounted() + 1) + " times: " + reason));
  }

  /** The job failed: retried while the attempts it failed stay within the limit. */
  private static Decision afterFailure(CampaignState state, TrialRecord trial, String reason) {
    return trial.failuresCounted() < state.attempts.failures()
        ? new Decision.Retry(ref(state, trial), reason, false)
        : new Decision.Abandon(ref(state, trial), reason);
  }

  /** The job of one pruning slice: its model's checkpoint, if that model was trained. */
  private static Optional<JobSpec> pruneJob(
      CampaignState state, TrialRecord teacher, TrialPlan.PruneSlice slice) {
    CampaignSpec spec = state.spec;
    Optional<JobSpec.PruneTarget> target =
        slice.model() == ModelRole.TEACHER
            ? Optional.of(teacher)
                .filter(t -> t.status == TrialStatus.SUCCEEDED)
                .map(
                    t ->
                        new JobSpec.PruneTarget(
                            ModelRole.TEACHER,
                            spec.teacher().arch(),
                            List.of(),
                            t.plan.trialId(),
                            t.currentJobId,
                            null,
                            null))
            : bestStudent(state)
                .map(
                    best ->
                        new JobSpec.PruneTarget(
                            ModelRole.STUDENT,
                            spec.student().arch(),
                            best.plan.student(spec.student()).widths(),
                            best.plan.trialId(),
                            best.currentJobId,
                            best.plan.alpha(),
                            best.plan.temperature()));
    return target.map(
        t ->
            new JobSpec.PruneJob(
                spec.dataset(),
                spec.pruning(),
                List.of(t),
                state.logitsKey,
                state.logitsCount,
                spec.student(),
                spec.seedOrDefault(),
                slice.method(),
                slice.ratios(),
                slice.plan(),
                slice.sensitivity(),
                null));
  }

  /**
   * The network pruned per layer: once its sensitivity analysis has ended, the ratios it suggests
   * for the target's parameter budget ({@link LayerBudget}); nothing to do while it runs.
   */
  private static Optional<Decision> byLayer(
      CampaignState state, TrialRecord teacher, TrialRecord prune) {
    TrialPlan.PruneSlice slice = prune.plan.prune();
    TrialRecord analysis =
        trialsOf(state, TrialKind.PRUNE).stream()
            .filter(
                t ->
                    t.plan.prune().sensitivity()
                        && t.plan.prune().model() == slice.model()
                        && t.plan.prune().method() == slice.method())
            .findFirst()
            .orElseThrow();
    if (analysis.status == TrialStatus.FAILED) {
      return Optional.of(
          abandon(state, prune, "its sensitivity analysis failed: " + analysis.error));
    }
    if (analysis.status != TrialStatus.SUCCEEDED) {
      return Optional.empty();
    }
    List<dev.netshrink.protocol.event.PrunePoint> points =
        state.prunePoints().stream()
            .filter(
                p ->
                    p.layer() != null && p.model() == slice.model() && p.method() == slice.method())
            .toList();
    if (points.isEmpty()) {
      return Optional.of(abandon(state, prune, "its sensitivity analysis measured nothing"));
    }
    LayerBudget.Plan plan = LayerBudget.choose(points, state.spec.target().maxParams());
    return pruneJob(state, teacher, slice)
        .map(
            job -> {
              JobSpec.PruneJob p = (JobSpec.PruneJob) job;
              return queue(
                  state,
                  prune,
                  new JobSpec.PruneJob(
                      p.dataset(),
                      p.pruning(),
                      p.targets(),
                      p.logitsKey(),
                      p.logitsCount(),
                      p.student(),
                      p.seed(),
                      p.method(),
                      List.of(),
                      null,
                      false,
                      plan.ratios()));
            });
  }

  /** The succeeded student with the highest final accuracy; the earlier trial wins a tie. */
  static Optional<TrialRecord> bestStudent(CampaignState state) {
    return trialsOf(state, TrialKind.STUDENT).stream()
        .filter(t -> t.status == TrialStatus.SUCCEEDED && t.accuracy != null)
        .max(
            Comparator.comparingDouble((TrialRecord t) -> t.accuracy)
                .thenComparing(t -> -indexOf(state, t)));
  }

  private static int indexOf(CampaignState state, TrialRecord t) {
    return new ArrayList<>(state.trials.values()).indexOf(t);
  }

  private static boolean studentsDone(CampaignState state) {
    return trialsOf(state, TrialKind.STUDENT).stream().allMatch(t -> t.status.isFinal())
        && trialsOf(state, TrialKind.TEACHER).get(0).status.isFinal();
  }

  private static Decision queue(CampaignState state, TrialRecord trial, JobSpec job) {
    int attempt = trial.attempt + 1;
    return new Decision.Queue(
        new RunJob(
            RunJob.jobIdOf(trial.plan.trialId(), attempt),
            state.campaignId,
            trial.plan.trialId(),
            attempt,
            job,
            trial.checkpoint)); // a retry continues from the last accepted checkpoint, no other
  }

  /** A trial cancelled by what it depends on: it ends after the epochs it trained, if any. */
  private static Decision stop(CampaignState state, TrialRecord trial, String reason) {
    int epoch = trial.epochs.isEmpty() ? 0 : trial.epochs.lastKey();
    return new Decision.Stop(ref(state, trial), StopCause.CANCELLED, epoch, reason);
  }

  private static Decision abandon(CampaignState state, TrialRecord trial, String reason) {
    return new Decision.Abandon(ref(state, trial), reason);
  }

  /** The trial's current attempt (a null job id: it never ran), decided by no worker. */
  private static TrialRef ref(CampaignState state, TrialRecord trial) {
    return new TrialRef(state.campaignId, trial.plan.trialId(), trial.currentJobId, null);
  }

  private static List<TrialRecord> trialsOf(CampaignState state, TrialKind kind) {
    return state.trials.values().stream().filter(t -> t.plan.kind() == kind).toList();
  }
}
