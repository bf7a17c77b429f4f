package dev.netshrink.cli;

import dev.netshrink.workers.runtime.WorkerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

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
      FollowCommand.class,
      CancelCommand.class,
      RetryCommand.class,
      LimitCommand.class,
      AddCommand.class,
      ReportCommand.class,
      WorkerCommand.class,
      OrchestratorCommand.class,
      ModelCommand.class,
      ExportCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Netshrink {

  /** Exit code of a rejected spec: like a usage error, the user has something to fix. */
  static final int INVALID_SPEC = ExitCode.USAGE.code;

  // read by ErrorHandler from the parse result, at whichever level it was given
  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "on an error, print its stack trace too")
  boolean verbose;

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(commandLine().execute(args));
  }

  /** The command line every entry point (and every test) runs: errors as {@link ErrorHandler}. */
  static CommandLine commandLine() {
    return new CommandLine(new Netshrink()).setExecutionExceptionHandler(new ErrorHandler());
  }
}
