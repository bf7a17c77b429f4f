package dev.netshrink.protocol.wire;

import java.net.URI;
import java.net.URISyntaxException;

/** The checks {@link Validated} values make; each failure names the field and the reason. */
public final class Checks {

  /** Longer ids are a forged or broken record, not a name anyone chose. */
  static final int MAX_ID_LENGTH = 512;

  private Checks() {}

  public static <T> T present(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is missing");
    }
    return value;
  }

  /** A non-blank id of printable characters, as every id netshrink makes is. */
  public static String id(String value, String field) {
    present(value, field);
    if (value.isBlank() || value.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException(
          field + " must be 1 to " + MAX_ID_LENGTH + " characters, not blank");
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(field + " contains control characters");
    }
    return value;
  }

  public static void atLeast(long value, long min, String field) {
    if (value < min) {
      throw new IllegalArgumentException(field + " must be at least " + min + ", not " + value);
    }
  }

  public static void finite(double value, String field) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(field + " must be a finite number, not " + value);
    }
  }

  public static void nonNegative(double value, String field) {
    finite(value, field);
    if (value < 0) {
      throw new IllegalArgumentException(field + " must not be negative, not " + value);
    }
  }

  public static void positive(double value, String field) {
    finite(value, field);
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be more than 0, not " + value);
    }
  }

  /** A share such as an accuracy or a pruning ratio: 0 to 1. */
  public static void fraction(double value, String field) {
    finite(value, field);
    if (value < 0 || value > 1) {
      throw new IllegalArgumentException(field + " must be between 0 and 1, not " + value);
    }
  }

  /** A share, or NaN where there is none (a sweep's accuracy, a point not fine-tuned). */
  public static void fractionOrNaN(double value, String field) {
    if (!Double.isNaN(value)) {
      fraction(value, field);
    }
  }

  /**
   * An http(s) URL with an authority, such as a worker's /metrics address. The authority need not
   * be a strict host name: container names with '_' are common, and Prometheus takes them.
   */
  public static void httpUrl(String value, String field) {
    present(value, field);
    try {
      URI uri = new URI(value);
      if (uri.getRawAuthority() == null
          || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw new IllegalArgumentException(field + " must be an http(s) URL with a host");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(field + " is not a URL: " + e.getMessage(), e);
    }
  }
}
