package dev.netshrink.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Stops trials of a running campaign, or the whole campaign. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = {
      "Stop trials of a running campaign, or the whole campaign when no trial is named.",
      "A running trial's worker is told to stop and takes other work; a stopped trial keeps its"
          + " checkpoint and its epochs so far."
    })
final class CancelCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "CAMPAIGN", description = "the campaign id")
  String campaignId;

  @Parameters(
      index = "1..*",
      arity = "0..*",
      paramLabel = "TRIAL",
      description = "trial names, as `netshrink status CAMPAIGN` shows them")
  List<String> trials = List.of();

  @Option(names = "--reason", description = "why, shown with each stopped trial")
  String reason;

  @Mixin ApiOption orchestrator;

  @Override
  public Integer call() throws Exception {
    List<String> stopped = orchestrator.client().cancel(campaignId, trials, reason);
    System.out.println(
        trials.isEmpty()
            ? "campaign " + campaignId + " cancelled: stopping " + describe(stopped)
            : "campaign " + campaignId + ": stopping " + describe(stopped));
    return 0;
  }

  private static String describe(List<String> trials) {
    return trials.isEmpty() ? "no trial (none was running)" : String.join(", ", trials);
  }
}
