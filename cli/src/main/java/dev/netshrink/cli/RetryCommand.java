package dev.netshrink.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs failed or stopped trials of a running campaign again. */
@Command(
    name = "retry",
    mixinStandardHelpOptions = true,
    description = {
      "Run failed or stopped (cancelled, or stopped early) trials of a running campaign again.",
      "Each resumes from its last checkpoint, with its failure limits counted afresh; the stopping"
          + " rule does not judge again a rung it judged."
    })
final class RetryCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "CAMPAIGN", description = "the campaign id")
  String campaignId;

  @Parameters(
      index = "1..*",
      arity = "1..*",
      paramLabel = "TRIAL",
      description = "trial names, as `netshrink status CAMPAIGN` shows them")
  List<String> trials;

  @Option(names = "--reason", description = "why, recorded with each trial")
  String reason;

  @Mixin ApiOption orchestrator;

  @Override
  public Integer call() throws Exception {
    List<String> retried = orchestrator.client().retry(campaignId, trials, reason);
    System.out.println("campaign " + campaignId + ": running again " + String.join(", ", retried));
    return 0;
  }
}
