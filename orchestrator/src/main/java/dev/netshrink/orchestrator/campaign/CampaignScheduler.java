package dev.netshrink.orchestrator.campaign;

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
 * Decides, from a campaign's state, which trials can run now: the teacher first, students once
 * the teacher's logits are published, the pruning sweep once every student has ended. A trial
 * whose prerequisite failed for good fails with the reason.
 */
public final class CampaignScheduler {

  private CampaignScheduler() {}

  /** Marks runnable trials QUEUED with a new attempt and returns their jobs. */
  public static List<RunJob> nextJobs(CampaignState state) {
    List<RunJob> jobs = new ArrayList<>();
    CampaignSpec spec = state.spec;
    TrialRecord teacher = trialsOf(state, TrialKind.TEACHER).get(0);
    if (teacher.status == TrialStatus.WAITING) {
      jobs.add(queue(state, teacher, new JobSpec.TeacherJob(spec.dataset(), spec.teacher(),
          spec.seedOrDefault(), spec.logits().precision())));
    }
    for (TrialRecord student : trialsOf(state, TrialKind.STUDENT)) {
      if (student.status != TrialStatus.WAITING) {
        continue;
      }
      if (teacher.status == TrialStatus.FAILED) {
        giveUp(student, "teacher failed: " + teacher.error);
      } else if (teacher.status == TrialStatus.SUCCEEDED && state.logitsKey != null) {
        jobs.add(queue(state, student, new JobSpec.StudentJob(spec.dataset(), spec.student(),
            student.plan.alpha(), student.plan.temperature(), spec.seedOrDefault(),
            state.logitsKey, state.logitsCount)));
      }
    }
    for (TrialRecord prune : trialsOf(state, TrialKind.PRUNE)) {
      if (prune.status == TrialStatus.WAITING && studentsDone(state)) {
        pruneJob(state, teacher).ifPresentOrElse(
            job -> jobs.add(queue(state, prune, job)),
            () -> giveUp(prune, "nothing to prune: the teacher and every student failed"));
      }
    }
    return jobs;
  }

  private static Optional<JobSpec> pruneJob(CampaignState state, TrialRecord teacher) {
    CampaignSpec spec = state.spec;
    List<JobSpec.PruneTarget> targets = new ArrayList<>();
    if (spec.pruning().models().contains(ModelRole.TEACHER)
        && teacher.status == TrialStatus.SUCCEEDED) {
      targets.add(new JobSpec.PruneTarget(ModelRole.TEACHER, spec.teacher().arch(), List.of(),
          teacher.plan.trialId(), null, null));
    }
    if (spec.pruning().models().contains(ModelRole.STUDENT)) {
      bestStudent(state).ifPresent(best -> targets.add(new JobSpec.PruneTarget(ModelRole.STUDENT,
          spec.student().arch(), spec.student().widths(), best.plan.trialId(),
          best.plan.alpha(), best.plan.temperature())));
    }
    return targets.isEmpty() ? Optional.empty()
        : Optional.of(new JobSpec.PruneJob(spec.dataset(), spec.pruning(), targets,
            state.logitsKey, state.logitsCount, spec.student(), spec.seedOrDefault()));
  }

  /** The succeeded student with the highest final accuracy; the earlier trial wins a tie. */
  static Optional<TrialRecord> bestStudent(CampaignState state) {
    return trialsOf(state, TrialKind.STUDENT).stream()
        .filter(t -> t.status == TrialStatus.SUCCEEDED && t.accuracy != null)
        .max(Comparator.comparingDouble((TrialRecord t) -> t.accuracy)
            .thenComparing(t -> -indexOf(state, t)));
  }

  private static int indexOf(CampaignState state, TrialRecord t) {
    return new ArrayList<>(state.trials.values()).indexOf(t);
  }

  private static boolean studentsDone(CampaignState state) {
    return trialsOf(state, TrialKind.STUDENT).stream().allMatch(t -> t.status.isFinal())
        && trialsOf(state, TrialKind.TEACHER).get(0).status.isFinal();
  }

  private static RunJob queue(CampaignState state, TrialRecord trial, JobSpec job) {
    trial.attempt++;
    trial.status = TrialStatus.QUEUED;
    trial.currentJobId = RunJob.jobIdOf(trial.plan.trialId(), trial.attempt);
    trial.workerId = null;
    trial.progress = 0;
    return new RunJob(trial.currentJobId, state.campaignId, trial.plan.trialId(), trial.attempt,
        job);
  }

  private static void giveUp(TrialRecord trial, String reason) {
    trial.status = TrialStatus.FAILED;
    trial.error = reason;
  }

  private static List<TrialRecord> trialsOf(CampaignState state, TrialKind kind) {
    return state.trials.values().stream().filter(t -> t.plan.kind() == kind).toList();
  }
}
