package dev.netshrink.cli;

import dev.netshrink.protocol.view.ModelView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Tables of campaigns (or one campaign's trials) and of live workers. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show campaigns, one campaign's trials, and live workers.")
final class StatusCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "CAMPAIGN",
      description = "a campaign id for its trial table")
  String campaignId;

  @Mixin ApiOption orchestrator;

  @Override
  public Integer call() throws Exception {
    ApiClient api = orchestrator.client();
    var workers = api.workers();
    if (campaignId == null) {
      ResultTables.campaigns(api.campaigns(), System.out);
    } else {
      var campaign = api.campaign(campaignId);
      ResultTables.trials(campaign, System.out);
      ResultTables.pruning(campaign, System.out);
      ScheduleTables.print(campaign, System.out);
      SensitivityTables.print(campaign, System.out);
      ResultTables.models(ModelView.of(campaign), System.out);
      ResultTables.choice(campaign, System.out);
      if (!campaign.finished()) {
        MissingWorkers.lines(MissingWorkers.of(campaign, workers)).forEach(System.out::println);
      }
    }
    ResultTables.workers(workers, System.out);
    return 0;
  }
}
