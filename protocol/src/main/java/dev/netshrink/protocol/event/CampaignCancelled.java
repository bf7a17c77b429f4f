package dev.netshrink.protocol.event;

import dev.netshrink.protocol.wire.Checks;

/**
 * A user cancelled the campaign: every trial not ended yet is stopped, nothing more is queued, and
 * the campaign ends as cancelled once they are. Recorded first, so that an orchestrator restarted
 * half way through stopping them stops the rest.
 */
public record CampaignCancelled(String eventId, String campaignId, long atMillis, String reason)
    implements CampaignEvent {

  @Override
  public void validate() {
    Checks.id(eventId, "eventId");
    Checks.id(campaignId, "campaignId");
    Checks.atLeast(atMillis, 1, "atMillis");
    Checks.present(reason, "reason");
  }
}
