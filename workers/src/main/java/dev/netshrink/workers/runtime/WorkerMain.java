package dev.netshrink.workers.runtime;

import picocli.CommandLine;

/**
 * The main class of a worker process: only the worker command, so a worker JVM loads no
 * orchestrator, broker or CLI code. Takes the same options as `netshrink worker`.
 */
public final class WorkerMain {

  private WorkerMain() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new WorkerCommand()).execute(args));
  }
}
