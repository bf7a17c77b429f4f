package dev.netshrink.protocol.view;

import java.util.EnumMap;
import java.util.Map;

/**
 * One line of the campaign list: what the campaign is and how far it got, without its trials'
 * histories and sweep points (those are on {@code /api/campaigns/{id}} and its pages).
 */
public record CampaignSummary(
    String campaignId,
    String name,
    CampaignStatus state,
    long submittedAtMillis,
    int trials,
    Map<TrialStatus, Integer> trialsByState,
    int prunePoints,
    String reportDir) {

  public CampaignSummary {
    trialsByState = Map.copyOf(trialsByState);
  }

  public static CampaignSummary of(CampaignView view) {
    Map<TrialStatus, Integer> byState = new EnumMap<>(TrialStatus.class);
    view.trials().forEach(t -> byState.merge(t.state(), 1, Integer::sum));
    return new CampaignSummary(
        view.campaignId(),
        view.name(),
        view.state(),
        view.submittedAtMillis(),
        view.trials().size(),
        byState,
        view.pruning().size(),
        view.reportDir());
  }

  /** Trials that reached a final state. */
  public int finishedTrials() {
    return trialsByState.getOrDefault(TrialStatus.SUCCEEDED, 0)
        + trialsByState.getOrDefault(TrialStatus.FAILED, 0);
  }
}
