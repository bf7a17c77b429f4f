package dev.netshrink.protocol.event;

import dev.netshrink.protocol.view.TrialSettings;
import dev.netshrink.protocol.wire.Checks;
import java.util.List;

/**
 * A user added student trials to the running campaign: each with its name and settings as drawn or
 * expanded then, so a replay adds the very same trials whatever the spec or the code says now.
 */
public record TrialsAdded(String eventId, String campaignId, long atMillis, List<Added> trials)
    implements CampaignEvent {

  /** One added student: its name, KD settings and (for a search point) how it trains. */
  public record Added(String name, double alpha, double temperature, TrialSettings settings) {}

  public TrialsAdded {
    trials = trials == null ? null : List.copyOf(trials);
  }

  @Override
  public void validate() {
    Checks.id(eventId, "eventId");
    Checks.id(campaignId, "campaignId");
    Checks.atLeast(atMillis, 1, "atMillis");
    Checks.present(trials, "trials");
    for (Added t : trials) {
      Checks.present(t, "an added trial");
      Checks.id(t.name(), "an added trial's name");
      Checks.fraction(t.alpha(), "an added trial's alpha");
      Checks.positive(t.temperature(), "an added trial's temperature");
    }
  }
}
