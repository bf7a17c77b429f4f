package dev.netshrink.protocol.event;

import dev.netshrink.protocol.wire.Checks;

/**
 * A user limited the campaign to {@code maxConcurrent} trials queued or running at once (0: no
 * limit), from now on; the latest such event holds.
 */
public record ConcurrencyLimited(
    String eventId, String campaignId, long atMillis, int maxConcurrent) implements CampaignEvent {

  @Override
  public void validate() {
    Checks.id(eventId, "eventId");
    Checks.id(campaignId, "campaignId");
    Checks.atLeast(atMillis, 1, "atMillis");
    Checks.atLeast(maxConcurrent, 0, "maxConcurrent");
  }
}
