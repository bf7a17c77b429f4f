package dev.netshrink.workers.runtime;

import java.util.concurrent.CancellationException;

/**
 * Asked between batches whether the job should stop (a StopJob, or the worker shutting down).
 * Cooperative: a native op in flight is never interrupted half way.
 */
public final class Cancellation {

  private volatile String reason;

  public void cancel(String why) {
    reason = why;
  }

  public boolean isCancelled() {
    return reason != null;
  }

  /** Throws if cancelled, so a training loop can call it once per batch. */
  public void check() {
    if (reason != null) {
      throw new CancellationException(reason);
    }
  }
}
