package dev.netshrink.protocol.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.netshrink.protocol.event.TrialRef;
import dev.netshrink.protocol.wire.Checks;
import dev.netshrink.protocol.wire.Validated;
import java.util.List;

/** Orchestrator -> one worker (the record key is the worker id). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Assignment.RunJob.class, name = "RunJob"),
  @JsonSubTypes.Type(value = Assignment.StopJob.class, name = "StopJob"),
  @JsonSubTypes.Type(value = Assignment.RunPack.class, name = "RunPack")
})
public sealed interface Assignment extends Validated {

  String jobId();

  /**
   * Run one attempt of one trial. {@code jobId} is unique per attempt: trialId#attempt. A retry
   * names in {@code resumeFrom} the checkpoint it continues from, the last one whose {@code
   * CheckpointSaved} the orchestrator accepted; null: it starts from scratch. The worker loads that
   * checkpoint and no other, so chunks that a fenced attempt wrote late (its host cut off, then
   * back) never become a retry's starting point while the epochs they end are not in the history.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record RunJob(
      String jobId,
      String campaignId,
      String trialId,
      int attempt,
      JobSpec job,
      ResumeFrom resumeFrom)
      implements Assignment {

    /** A first attempt, or a retry with no accepted checkpoint: it trains from scratch. */
    public RunJob(String jobId, String campaignId, String trialId, int attempt, JobSpec job) {
      this(jobId, campaignId, trialId, attempt, job, null);
    }

    /** Ids that name one attempt of one trial of one campaign, and a job with its settings. */
    @Override
    public void validate() {
      ref("assigned").validateReported();
      if (attempt != attemptOf(jobId)) {
        throw new IllegalArgumentException(
            "attempt " + attempt + " is not the attempt of " + jobId);
      }
      Checks.present(job, "job").validate();
      if (resumeFrom != null) {
        resumeFrom.validate();
        if (!trialId.equals(JobIds.trialOf(resumeFrom.jobId()))
            || resumeFrom.jobId().equals(jobId)) {
          throw new IllegalArgumentException(
              "resumeFrom " + resumeFrom.jobId() + " is not an earlier attempt of " + trialId);
        }
      }
    }

    /** The envelope of the events {@code workerId} reports about this job. */
    public TrialRef ref(String workerId) {
      return new TrialRef(campaignId, trialId, jobId, workerId);
    }

    public static String jobIdOf(String trialId, int attempt) {
      return JobIds.of(trialId, attempt);
    }

    /** The attempt number inside a job id made by {@link #jobIdOf}, or 0 if there is none. */
    public static int attemptOf(String jobId) {
      return JobIds.attemptOf(jobId);
    }
  }

  /** The checkpoint attempt {@code jobId} saved after {@code epoch}, where a retry continues. */
  record ResumeFrom(String jobId, int epoch) implements Validated {

    @Override
    public void validate() {
      Checks.present(jobId, "resumeFrom.jobId");
      Checks.atLeast(epoch, 0, "resumeFrom.epoch");
    }
  }

  /**
   * Run these attempts of one campaign's student trials as one fused pack: trials that differ only
   * in alpha and temperature, trained side by side as one network. Each member stays a job of its
   * own (its events, checkpoints and results are its trial's); {@code jobId} names the pack, and a
   * {@link StopJob} of it stops every member, one of a member's id only that member.
   */
  record RunPack(String jobId, List<RunJob> members) implements Assignment {

    @Override
    public void validate() {
      Checks.present(members, "members");
      if (members.isEmpty()) {
        throw new IllegalArgumentException("a pack has at least one member");
      }
      for (RunJob member : members) {
        Checks.present(member, "a pack member").validate();
        if (!(member.job() instanceof JobSpec.StudentJob)) {
          throw new IllegalArgumentException("a pack member must be a student job");
        }
        if (!member.campaignId().equals(members.get(0).campaignId())) {
          throw new IllegalArgumentException("a pack's members are of one campaign");
        }
      }
      if (!jobId.equals(packIdOf(members))) {
        throw new IllegalArgumentException(
            "jobId " + jobId + " is not the id of its members' pack, " + packIdOf(members));
      }
    }

    /** The members' job ids, in order. */
    public List<String> memberJobIds() {
      return members.stream().map(RunJob::jobId).toList();
    }

    /** A pack's id: its first member's job id, marked as a pack's and counted. */
    public static String packIdOf(List<RunJob> members) {
      return "pack(" + members.size() + ")/" + members.get(0).jobId();
    }
  }

  /** Stop a running job (cancelled campaign, or the job was handed elsewhere). */
  record StopJob(String jobId, String reason) implements Assignment {

    @Override
    public void validate() {
      Checks.id(jobId, "jobId");
    }
  }
}
