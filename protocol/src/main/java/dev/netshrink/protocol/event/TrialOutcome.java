package dev.netshrink.protocol.event;

import dev.netshrink.protocol.wire.Checks;
import dev.netshrink.protocol.wire.Validated;
import java.util.List;

/**
 * A finished trial's events, on the compacted trial-outcomes topic (keyed by trial id), written
 * when the trial ends and deleted when its campaign has its {@link CampaignOutcome}. The events
 * topic keeps records for a while only: a campaign still running when its events expire is rebuilt
 * from these, so the trials it finished are not run again. Progress events are left out.
 */
public record TrialOutcome(
    String campaignId, String trialId, long atMillis, List<TrialScoped> events)
    implements Validated {

  public TrialOutcome {
    events = events == null ? null : List.copyOf(events);
  }

  @Override
  public void validate() {
    Checks.id(campaignId, "campaignId");
    Checks.id(trialId, "trialId");
    Checks.atLeast(atMillis, 1, "atMillis");
    Checks.present(events, "events");
    if (events.isEmpty()) {
      throw new IllegalArgumentException("events is empty");
    }
    for (TrialScoped e : events) {
      Checks.present(e, "an event").validate();
      if (!e.trialId().equals(trialId) || !e.campaignId().equals(campaignId)) {
        throw new IllegalArgumentException(
            "event " + e.eventId() + " is of trial " + e.trialId() + ", not " + trialId);
      }
    }
  }
}
