package dev.netshrink.protocol.view;

import java.util.List;

/**
 * The body of {@code POST /api/campaigns/{id}/cancel} and {@code .../retry}: the trials, by name
 * (for a cancel, none means the whole campaign), and why (shown with each trial; absent: "cancelled
 * by a user", "retried by a user").
 */
public record TrialsOrder(List<String> trials, String reason) {

  public List<String> trialsOrNone() {
    return trials == null ? List.of() : trials;
  }

  public String reasonOr(String fallback) {
    return reason == null || reason.isBlank() ? fallback : reason;
  }
}
