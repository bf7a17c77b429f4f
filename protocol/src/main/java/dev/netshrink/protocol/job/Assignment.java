package dev.netshrink.protocol.job;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.netshrink.protocol.event.TrialRef;
import dev.netshrink.protocol.wire.Checks;
import dev.netshrink.protocol.wire.Validated;

/** Orchestrator -> one worker (the record key is the worker id). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Assignment.RunJob.class, name = "RunJob"),
  @JsonSubTypes.Type(value = Assignment.StopJob.class, name = "StopJob")
})
public sealed interface Assignment extends Validated {

  String jobId();

  /** Run one attempt of one trial. {@code jobId} is unique per attempt: trialId#attempt. */
  record RunJob(String jobId, String campaignId, String trialId, int attempt, JobSpec job)
      implements Assignment {

    /** Ids that name one attempt of one trial of one campaign, and a job with its settings. */
    @Override
    public void validate() {
      ref("assigned").validateReported();
      if (attempt != attemptOf(jobId)) {
        throw new IllegalArgumentException(
            "attempt " + attempt + " is not the attempt of " + jobId);
      }
      Checks.present(job, "job").validate();
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

  /** Stop a running job (cancelled campaign, or the job was handed elsewhere). */
  record StopJob(String jobId, String reason) implements Assignment {

    @Override
    public void validate() {
      Checks.id(jobId, "jobId");
    }
  }
}
