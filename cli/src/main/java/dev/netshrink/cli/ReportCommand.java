package dev.netshrink.cli;

import dev.netshrink.orchestrator.report.FileReportWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Writes a campaign's report folder again, here, from what the orchestrator folded from the event
 * log: after a report was deleted, on another machine than the orchestrator's, or mid-campaign (a
 * report of what has run so far). The Food-11 predictions, which the campaign's JSON leaves out,
 * are read from their own pages, so the folder has the same {@code predictions-<trial>.csv} files.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Write a campaign's report folder (report.html, charts, CSVs, results.json).")
final class ReportCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "CAMPAIGN", description = "the campaign id")
  String campaignId;

  @Option(
      names = "--out",
      defaultValue = "reports",
      description = "the folder the campaign's report folder goes in (default: ${DEFAULT-VALUE})")
  Path out;

  @Mixin ApiOption orchestrator;

  @Override
  public Integer call() throws Exception {
    ApiClient api = orchestrator.client();
    var campaign = api.campaign(campaignId);
    campaign = campaign.withPredictions(api.predictions(campaignId));
    Path dir = new FileReportWriter(out).write(campaign);
    System.out.println(dir.resolve("report.html"));
    if (!campaign.finished()) {
      System.out.println("(the campaign is still " + campaign.state().wireName() + ")");
    }
    return 0;
  }
}
