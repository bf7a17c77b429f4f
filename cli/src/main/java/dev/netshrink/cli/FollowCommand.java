package dev.netshrink.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Re-attaches to a campaign (started elsewhere, or by a `submit` that was interrupted). */
@Command(
    name = "follow",
    mixinStandardHelpOptions = true,
    description = "Follow a running campaign to its end, then print its tables.")
final class FollowCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "CAMPAIGN", description = "the campaign id")
  String campaignId;

  @Mixin ApiOption orchestrator;

  @Override
  public Integer call() throws Exception {
    ApiClient api = orchestrator.client();
    api.campaign(campaignId); // an unknown id is said at once (exit 4), not after a grace period
    return new CampaignFollower(api, System.out).followAndReport(campaignId);
  }
}
