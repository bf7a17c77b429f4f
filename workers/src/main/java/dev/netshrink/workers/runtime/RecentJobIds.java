package dev.netshrink.workers.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The job ids a worker has accepted lately, so a redelivered assignment (a producer retry, a
 * replayed topic) never runs a job twice. Bounded: an id older than the last {@code capacity} jobs
 * can no longer be redelivered in practice.
 */
final class RecentJobIds {

  private final Map<String, Boolean> ids;

  RecentJobIds(int capacity) {
    this.ids =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  /** True the first time an id is seen, false for every repeat. */
  boolean firstTime(String jobId) {
    return ids.put(jobId, Boolean.TRUE) == null;
  }
}
