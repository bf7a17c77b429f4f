package dev.netshrink.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Caps how many trials of a running campaign are queued or running at once. */
@Command(
    name = "limit",
    mixinStandardHelpOptions = true,
    description = {
      "Cap the trials of a running campaign queued or running at once (0: no cap).",
      "Running trials go on; a lower cap holds new ones back until enough have ended."
    })
final class LimitCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "CAMPAIGN", description = "the campaign id")
  String campaignId;

  @Option(
      names = "--max-concurrent",
      required = true,
      paramLabel = "N",
      description = "at most N trials queued or running at once; 0 lifts the cap")
  int maxConcurrent;

  @Mixin ApiOption orchestrator;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (maxConcurrent < 0) {
      throw new ParameterException(
          spec.commandLine(), "--max-concurrent: " + maxConcurrent + " is below 0");
    }
    orchestrator.client().limit(campaignId, maxConcurrent);
    System.out.println(
        "campaign "
            + campaignId
            + ": "
            + (maxConcurrent == 0
                ? "no cap on concurrent trials"
                : "at most " + maxConcurrent + " trials queued or running at once"));
    return 0;
  }
}
