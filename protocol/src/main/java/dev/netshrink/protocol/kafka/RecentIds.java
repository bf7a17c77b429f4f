package dev.netshrink.protocol.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids seen lately, the oldest forgotten first beyond {@code capacity}: enough to tell a
 * redelivered or re-read record from a new one without growing for ever. Thread-safe.
 */
public final class RecentIds {

  private final Map<String, Boolean> ids;

  public RecentIds(int capacity) {
    this.ids =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  /** True the first time an id is seen (and remembers it), false for every repeat. */
  public synchronized boolean firstTime(String id) {
    return ids.put(id, Boolean.TRUE) == null;
  }

  public synchronized boolean contains(String id) {
    return ids.containsKey(id);
  }
}
