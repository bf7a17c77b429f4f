package dev.netshrink.protocol.event;

import dev.netshrink.protocol.wire.Checks;

/** The orchestrator closed the campaign: every trial ended; the report is in {@code reportDir}. */
public record CampaignCompleted(
    String eventId, String campaignId, long atMillis, boolean succeeded, String reportDir)
    implements CampaignEvent {

  @Override
  public void validate() {
    Checks.id(eventId, "eventId");
    Checks.id(campaignId, "campaignId");
    Checks.atLeast(atMillis, 1, "atMillis");
  }
}
