package dev.netshrink.orchestrator.pool;

import java.util.Map;

/** What the worker pool reports as it works; called on the pool's actor thread. */
public interface PoolMetrics {

  /** The live workers by role, whenever the pool looks at them. */
  void liveWorkers(Map<String, Long> byRole);

  /**
   * A job was handed to the assignment producer {@code nanos} after it could first have been: the
   * later of its enqueueing and a worker of its role becoming free. This is the orchestrator's own
   * scheduling overhead; time spent waiting for a busy worker is not counted.
   */
  void jobScheduled(long nanos);
}
