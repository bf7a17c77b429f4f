package dev.netshrink.protocol.event;

import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.wire.Checks;
import dev.netshrink.protocol.wire.Validated;

/**
 * How a finished campaign ended, on the compacted outcomes topic (keyed by campaign id): its last
 * view, report folder included. The events topic keeps records for a while only; a restarted
 * orchestrator reads the outcomes first, so a campaign whose events have expired stays finished
 * instead of running again from its submission.
 */
public record CampaignOutcome(String campaignId, long atMillis, CampaignView view)
    implements Validated {

  @Override
  public void validate() {
    Checks.id(campaignId, "campaignId");
    Checks.atLeast(atMillis, 1, "atMillis");
    Checks.present(view, "view");
    if (!campaignId.equals(view.campaignId())) {
      throw new IllegalArgumentException("view is of campaign " + view.campaignId());
    }
    if (!view.finished()) {
      throw new IllegalArgumentException("view is of a campaign still " + view.state());
    }
  }
}
