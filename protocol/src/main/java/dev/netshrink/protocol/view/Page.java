package dev.netshrink.protocol.view;

import java.util.List;

/**
 * A slice of a longer list, as the API serves it: {@code items} are entries {@code offset .. offset
 * + items.size() - 1} of {@code total}. A client asks for the next page at {@code offset +
 * items.size()} until that reaches {@code total}.
 */
public record Page<T>(List<T> items, int offset, int limit, int total) {

  public Page {
    items = List.copyOf(items);
  }

  /** Entries {@code offset ..} of {@code all}, at most {@code limit}; empty past the end. */
  public static <T> Page<T> of(List<T> all, int offset, int limit) {
    if (offset < 0 || limit < 1) {
      throw new IllegalArgumentException(
          "need offset >= 0 and limit >= 1: " + offset + ", " + limit);
    }
    int from = Math.min(offset, all.size());
    int to = (int) Math.min((long) from + limit, all.size());
    return new Page<>(all.subList(from, to), offset, limit, all.size());
  }

  public boolean hasMore() {
    return offset + items.size() < total;
  }
}
