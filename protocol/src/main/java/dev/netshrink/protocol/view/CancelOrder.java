package dev.netshrink.protocol.view;

import java.util.List;

/**
 * The body of {@code POST /api/campaigns/{id}/cancel}: the trials to stop, by name (none: the whole
 * campaign), and why (shown with each stopped trial; absent: "cancelled by a user").
 */
public record CancelOrder(List<String> trials, String reason) {

  public static final String DEFAULT_REASON = "cancelled by a user";

  public List<String> trialsOrNone() {
    return trials == null ? List.of() : trials;
  }

  public String reasonOrDefault() {
    return reason == null || reason.isBlank() ? DEFAULT_REASON : reason;
  }
}
