package dev.netshrink.protocol.view;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * What the orchestrator knows of one campaign, as served by the HTTP API and shown by the CLI.
 * Predictions (thousands of rows per trial) go to the report's CSV files, not into the JSON.
 */
public record CampaignView(String campaignId, String name, CampaignStatus state,
    long submittedAtMillis, List<TrialView> trials, List<PrunePointView> pruning, String reportDir,
    @JsonIgnore List<PredictionsView> predictions) {

  public boolean finished() {
    return state.isFinal();
  }
}
