package dev.netshrink.workers.runtime;

import dev.netshrink.protocol.job.Assignment.RunJob;

/** Does one kind of job on the worker's job thread; throws to fail the attempt. */
@FunctionalInterface
public interface JobRunner {

  void run(RunJob job, JobEvents events, Cancellation cancellation) throws Exception;
}
