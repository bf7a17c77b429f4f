package dev.netshrink.orchestrator.campaign;

/**
 * How often a trial may run again. {@code failures}: attempts the job itself failed (a diverging
 * loss, a bad checkpoint), counting the first run: the trial's own fault, which retrying may not
 * mend. {@code losses}: attempts lost with their worker (killed, paused past the timeout, handed
 * back on shutdown), which say nothing about the trial and are counted apart, yet bounded, since a
 * job that kills every worker it runs on (out of memory) looks like a loss each time.
 */
public record AttemptLimits(int failures, int losses) {

  public AttemptLimits {
    if (failures < 1 || losses < 0) {
      throw new IllegalArgumentException("need failures >= 1 and losses >= 0");
    }
  }
}
