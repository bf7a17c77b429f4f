package dev.netshrink.bench;

import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.job.JobSpec;
import dev.netshrink.workers.runtime.Cancellation;
import dev.netshrink.workers.runtime.JobEvents;
import dev.netshrink.workers.runtime.JobRunner;

/**
 * A job runner that does no work: it reports at once what a real one reports at its end (a teacher
 * also announces its logits, which the students' jobs then name but never read). With it, a
 * campaign exercises only the orchestrator, Kafka and the worker runtime: `bench orchestrator`.
 */
final class InstantJobRunner implements JobRunner {

  @Override
  public void run(RunJob run, JobEvents events, Cancellation cancellation) {
    if (run.job() instanceof JobSpec.TeacherJob) {
      events.logitsPublished(run.trialId(), 60_000, 10, "fp32", 1, 0, false);
    }
    events.completed(0.5, 1, 0);
  }
}
