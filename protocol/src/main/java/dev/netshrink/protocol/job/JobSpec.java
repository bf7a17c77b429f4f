package dev.netshrink.protocol.job;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.netshrink.protocol.spec.Architecture;
import dev.netshrink.protocol.spec.DatasetSpec;
import dev.netshrink.protocol.spec.ModelRole;
import dev.netshrink.protocol.spec.PruningSpec;
import dev.netshrink.protocol.spec.StudentSpec;
import dev.netshrink.protocol.spec.TeacherSpec;
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

  /** Train (or load) the teacher, publish its training-set logits once and its checkpoint. */
  record TeacherJob(DatasetSpec dataset, TeacherSpec teacher, long seed, String logitsPrecision)
      implements JobSpec {
    @Override
    public WorkerRole role() {
      return WorkerRole.TEACHER;
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
  }

  /**
   * Sweep pruning ratios over the checkpoints of the named trials; fine-tuning (when the spec asks
   * for it) trains like {@code student} on the teacher logits stored under {@code logitsKey}.
   */
  record PruneJob(
      DatasetSpec dataset,
      PruningSpec pruning,
      List<PruneTarget> targets,
      String logitsKey,
      int logitsCount,
      StudentSpec student,
      long seed)
      implements JobSpec {
    @Override
    public WorkerRole role() {
      return WorkerRole.PRUNER;
    }
  }

  /**
   * One model to prune: its role in the campaign, architecture, whose checkpoint to load, and the
   * KD weights to fine-tune it with (null alpha: cross-entropy only).
   */
  record PruneTarget(
      ModelRole model,
      Architecture arch,
      List<Integer> widths,
      String checkpointTrialId,
      Double alpha,
      Double temperature) {}
}
