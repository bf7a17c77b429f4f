package dev.netshrink.protocol.view;

import java.util.List;

/** What the orchestrator knows of one campaign, as served by the HTTP API and shown by the CLI. */
public record CampaignView(String campaignId, String name, String state, long submittedAtMillis,
    List<TrialView> trials, List<PrunePointView> pruning, String reportDir) {

  public static final String RUNNING = "running";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  public boolean finished() {
    return SUCCEEDED.equals(state) || FAILED.equals(state);
  }
}
