package dev.netshrink.workers.runtime;

import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.job.Assignment.RunPack;
import java.util.List;

/** Does one kind of job on the worker's job thread; throws to fail the attempt. */
@FunctionalInterface
public interface JobRunner {

  void run(RunJob job, JobEvents events, Cancellation cancellation) throws Exception;

  /**
   * Runs a fused pack: member {@code i} reports through {@code events.get(i)} and stops on {@code
   * stops.get(i)}; {@code all} stops the whole pack. A member's end (completed or failed) is its
   * own to report; a throw fails every member that has not ended. Only student workers train packs.
   */
  default void runPack(
      RunPack pack, List<JobEvents> events, List<Cancellation> stops, Cancellation all)
      throws Exception {
    throw new UnsupportedOperationException("this worker's role trains no fused packs");
  }
}
