package dev.netshrink.cli;

import dev.netshrink.workers.runtime.WorkerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `netshrink` command: entry point of every subcommand. */
@Command(
    name = "netshrink",
    mixinStandardHelpOptions = true,
    version = "netshrink 0.1.0",
    description = "Knowledge-distillation and pruning campaigns on Pekko, Kafka and DJL.",
    subcommands = {
      DemoCommand.class,
      UpCommand.class,
      SubmitCommand.class,
      StatusCommand.class,
      WorkerCommand.class,
      OrchestratorCommand.class,
      ModelCommand.class,
      ExportCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Netshrink {

  /** Exit code of a rejected spec: like a usage error, the user has something to fix. */
  static final int INVALID_SPEC = 2;

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(new CommandLine(new Netshrink()).execute(args));
  }
}
