package dev.netshrink.protocol.view;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.netshrink.protocol.event.PrunePoint;
import java.util.List;

/**
 * What the orchestrator knows of one campaign, as served by the HTTP API and shown by the CLI.
 * {@code pruning} holds the sweep's points as they were measured. Predictions (thousands of rows
 * per trial) go to the report's CSV files, not into the JSON.
 */
public record CampaignView(
    String campaignId,
    String name,
    CampaignStatus state,
    long submittedAtMillis,
    List<TrialView> trials,
    List<PrunePoint> pruning,
    String reportDir,
    @JsonIgnore List<PredictionsView> predictions) {

  public boolean finished() {
    return state.isFinal();
  }
}
