package dev.netshrink.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * What a command that threw prints: one line naming what went wrong (and what to do, where the
 * exception says), an exit code from {@link ExitCode}, and the stack trace only with {@code
 * --verbose}. Without this, picocli prints the whole trace of an unreachable orchestrator.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
    PrintWriter err = command.getErr();
    ExitCode exit = ExitCode.of(e);
    err.println("netshrink " + command.getCommandName() + ": " + oneLine(e));
    if (verbose(parsed)) {
      e.printStackTrace(err);
    } else if (exit == ExitCode.FAILED) {
      err.println("  (run it again with --verbose for where it happened)");
    }
    err.flush();
    return exit.code;
  }

  /** The message, or the type where there is none; a wrapped cause says more than its wrapper. */
  static String oneLine(Throwable e) {
    Throwable shown = e;
    while (shown.getCause() != null
        && (shown.getMessage() == null
            || shown instanceof java.util.concurrent.ExecutionException
            || shown instanceof java.util.concurrent.CompletionException)) {
      shown = shown.getCause();
    }
    String message = shown.getMessage();
    if (message == null || message.isBlank()) {
      return shown.getClass().getSimpleName();
    }
    String line = message.strip().lines().findFirst().orElse(message);
    // a message written for the user stands alone; any other names its type, which says more
    boolean forTheUser =
        shown instanceof java.io.IOException
            || shown instanceof java.io.UncheckedIOException
            || shown instanceof IllegalStateException
            || shown instanceof IllegalArgumentException;
    return forTheUser ? line : line + " (" + shown.getClass().getSimpleName() + ")";
  }

  private static boolean verbose(ParseResult parsed) {
    for (ParseResult level = parsed; level != null; level = level.subcommand()) {
      if (level.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
