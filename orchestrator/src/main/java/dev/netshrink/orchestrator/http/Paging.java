package dev.netshrink.orchestrator.http;

import dev.netshrink.protocol.view.Page;
import java.util.List;
import java.util.Optional;

/**
 * The {@code offset} and {@code limit} query parameters of a list route, checked: a list the API
 * serves is never larger than {@link #MAX_LIMIT} entries, so no request makes a 26 MB answer.
 */
record Paging(int offset, int limit) {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  /** A bad parameter named with its reason, for a 400. */
  static final class BadParameter extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    BadParameter(String message) {
      super(message);
    }
  }

  static Paging parse(Optional<String> offset, Optional<String> limit) {
    return new Paging(
        number("offset", offset, 0, 0, Integer.MAX_VALUE),
        number("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT));
  }

  <T> Page<T> of(List<T> all) {
    return Page.of(all, offset, limit);
  }

  private static int number(String name, Optional<String> text, int absent, int min, int max) {
    if (text.isEmpty()) {
      return absent;
    }
    int value;
    try {
      value = Integer.parseInt(text.get().trim());
    } catch (NumberFormatException e) {
      throw new BadParameter(name + ": '" + text.get() + "' is not a whole number");
    }
    if (value < min || value > max) {
      throw new BadParameter(name + ": " + value + " is outside " + min + ".." + max);
    }
    return value;
  }
}
