package dev.netshrink.protocol.view;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.netshrink.protocol.event.PrunePoint;
import java.util.List;

/**
 * What the orchestrator knows of one campaign, as served by the HTTP API and shown by the CLI.
 * {@code pruning} holds the sweep's points as they were measured; {@code choice} the model chosen
 * for the spec's target (null without one). Predictions (thousands of rows per trial) go to the
 * report's CSV files, not into the JSON: the API serves them as pages of their own.
 */
public record CampaignView(
    String campaignId,
    String name,
    CampaignStatus state,
    long submittedAtMillis,
    List<TrialView> trials,
    List<PrunePoint> pruning,
    String reportDir,
    @JsonIgnore List<PredictionsView> predictions,
    TargetChoice choice) {

  /** A campaign without a target, or before its choice. */
  public CampaignView(
      String campaignId,
      String name,
      CampaignStatus state,
      long submittedAtMillis,
      List<TrialView> trials,
      List<PrunePoint> pruning,
      String reportDir,
      List<PredictionsView> predictions) {
    this(campaignId, name, state, submittedAtMillis, trials, pruning, reportDir, predictions, null);
  }

  /** The same view with the target's answer. */
  public CampaignView withChoice(TargetChoice answer) {
    return new CampaignView(
        campaignId,
        name,
        state,
        submittedAtMillis,
        trials,
        pruning,
        reportDir,
        predictions,
        answer);
  }

  /** The same view ended as {@code end}: what the report holds, written just before the end. */
  public CampaignView endedAs(CampaignStatus end) {
    return new CampaignView(
        campaignId, name, end, submittedAtMillis, trials, pruning, reportDir, predictions, choice);
  }

  /** The same view with its report folder. */
  public CampaignView reportedIn(String dir) {
    return new CampaignView(
        campaignId, name, state, submittedAtMillis, trials, pruning, dir, predictions, choice);
  }

  /**
   * The same view with its predictions, which its JSON leaves out: read from the API's {@code
   * predictions} pages by a client that writes the report.
   */
  public CampaignView withPredictions(List<PredictionsView> read) {
    return new CampaignView(
        campaignId, name, state, submittedAtMillis, trials, pruning, reportDir, read, choice);
  }

  public boolean finished() {
    return state.isFinal();
  }
}
