package dev.netshrink.protocol.job;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.netshrink.protocol.spec.Architecture;
import dev.netshrink.protocol.spec.DatasetSpec;
import dev.netshrink.protocol.spec.ModelRole;
import dev.netshrink.protocol.spec.PruningMethod;
import dev.netshrink.protocol.spec.PruningSchedule;
import dev.netshrink.protocol.spec.PruningSpec;
import dev.netshrink.protocol.spec.ScheduleKind;
import dev.netshrink.protocol.spec.StudentSpec;
import dev.netshrink.protocol.spec.TeacherSpec;
import dev.netshrink.protocol.wire.Checks;
import dev.netshrink.protocol.worker.WorkerRole;
import java.util.List;

/** What a worker is asked to do; each kind is done by exactly one worker role. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = JobSpec.TeacherJob.class, name = "teacher"),
  @JsonSubTypes.Type(value = JobSpec.StudentJob.class, name = "student"),
  @JsonSubTypes.Type(value = JobSpec.PruneJob.class, name = "prune")
})
public sealed interface JobSpec {

  WorkerRole role();

  /** The sections a worker reads are present; their values were checked with the spec. */
  void validate();

  /** Train (or load) the teacher, publish its training-set logits once and its checkpoint. */
  record TeacherJob(DatasetSpec dataset, TeacherSpec teacher, long seed, String logitsPrecision)
      implements JobSpec {
    @Override
    public WorkerRole role() {
      return WorkerRole.TEACHER;
    }

    @Override
    public void validate() {
      Checks.present(dataset, "job.dataset");
      Checks.present(teacher, "job.teacher");
      Checks.present(teacher.arch(), "job.teacher.arch");
      Checks.present(logitsPrecision, "job.logitsPrecision");
    }
  }

  /** Distil one student from the teacher logits stored under {@code logitsKey}. */
  record StudentJob(
      DatasetSpec dataset,
      StudentSpec student,
      double alpha,
      double temperature,
      long seed,
      String logitsKey,
      int logitsCount)
      implements JobSpec {
    @Override
    public WorkerRole role() {
      return WorkerRole.STUDENT;
    }

    @Override
    public void validate() {
      Checks.present(dataset, "job.dataset");
      Checks.present(student, "job.student");
      Checks.present(student.arch(), "job.student.arch");
      Checks.fraction(alpha, "job.alpha");
      Checks.positive(temperature, "job.temperature");
      Checks.id(logitsKey, "job.logitsKey");
      Checks.atLeast(logitsCount, 1, "job.logitsCount");
    }
  }

  /**
   * One slice of a campaign's pruning: the named trials' checkpoints pruned by {@code method} at
   * {@code ratios} (with {@code sensitivity}: each layer alone at those ratios), then (with {@code
   * plan}) that plan of {@code pruning.schedule}, or (with {@code layerRatios}) one network pruned
   * with those ratios per layer, chosen from the sensitivity analysis for the target; fine-tuning
   * (when the spec asks for it) trains like {@code student} on the teacher logits stored under
   * {@code logitsKey}. A job written before sweeps were split has no method, ratios or plan: it
   * runs every method, ratio and plan of {@code pruning}.
   */
  record PruneJob(
      DatasetSpec dataset,
      PruningSpec pruning,
      List<PruneTarget> targets,
      String logitsKey,
      int logitsCount,
      StudentSpec student,
      long seed,
      PruningMethod method,
      List<Double> ratios,
      ScheduleKind plan,
      boolean sensitivity,
      List<Double> layerRatios)
      implements JobSpec {

    /** The methods to prune with: this slice's, or every one of the spec's. */
    public List<PruningMethod> methods() {
      return method != null ? List.of(method) : pruning.methods();
    }

    /** The sweep's ratios this job measures (none for a slice that runs a schedule's plan). */
    public List<Double> sweepRatios() {
      return ratios != null ? ratios : pruning.ratios().values();
    }

    /** The plans of {@code pruning.schedule} this job runs. */
    public List<PruningSchedule.Plan> plans() {
      if (pruning.schedule() == null || (method != null && plan == null)) {
        return List.of();
      }
      return pruning.schedule().plans().stream()
          .filter(p -> plan == null || p.kind() == plan)
          .toList();
    }

    @Override
    public WorkerRole role() {
      return WorkerRole.PRUNER;
    }

    @Override
    public void validate() {
      Checks.present(dataset, "job.dataset");
      Checks.present(pruning, "job.pruning");
      Checks.present(student, "job.student");
      Checks.present(targets, "job.targets");
      if (ratios != null) {
        ratios.forEach(r -> Checks.fraction(r, "job.ratios"));
      }
      if (layerRatios != null) {
        layerRatios.forEach(r -> Checks.fraction(r, "job.layerRatios"));
      }
      if (plan != null && pruning.schedule() == null) {
        throw new IllegalArgumentException("job.plan needs a pruning.schedule");
      }
      for (PruneTarget target : targets) {
        Checks.present(target, "a job target");
        Checks.present(target.model(), "a job target's model");
        Checks.present(target.arch(), "a job target's arch");
        Checks.id(target.checkpointTrialId(), "a job target's checkpointTrialId");
        String attempt = target.checkpointJobId();
        if (attempt != null
            && !(JobIds.attemptOf(attempt) >= 1
                && attempt.equals(
                    JobIds.of(target.checkpointTrialId(), JobIds.attemptOf(attempt))))) {
          throw new IllegalArgumentException(
              "a job target's checkpointJobId must be an attempt of its checkpointTrialId");
        }
      }
    }
  }

  /**
   * One model to prune: its role in the campaign, architecture, whose checkpoint to load (the
   * attempt {@code checkpointJobId} whose result the campaign kept; null in jobs written before
   * checkpoints were kept per attempt: the latest of any), and the KD weights to fine-tune it with
   * (null alpha: cross-entropy only).
   */
  record PruneTarget(
      ModelRole model,
      Architecture arch,
      List<Integer> widths,
      String checkpointTrialId,
      String checkpointJobId,
      Double alpha,
      Double temperature) {}
}
