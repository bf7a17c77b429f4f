package dev.netshrink.protocol.event;

import dev.netshrink.protocol.spec.CampaignSpec;

/** The durable record of a submission on the campaigns topic (compacted, keyed by id). */
public record CampaignSubmitted(String campaignId, long submittedAtMillis, CampaignSpec spec) {}
