package dev.netshrink.protocol.event;

/** The orchestrator closed the campaign: every trial ended; the report is in {@code reportDir}. */
public record CampaignCompleted(
    String eventId, String campaignId, long atMillis, boolean succeeded, String reportDir)
    implements CampaignEvent {}
