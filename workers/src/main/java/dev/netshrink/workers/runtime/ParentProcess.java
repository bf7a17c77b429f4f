package dev.netshrink.workers.runtime;

import picocli.CommandLine.Option;

/**
 * For processes that `demo`, `up` or a test start as children: exit (running the shutdown hooks, so
 * a worker still says goodbye) when the parent ends, even if it was killed.
 */
public final class ParentProcess {

  @Option(
      names = "--parent-pid",
      hidden = true,
      description = "exit when this process ends (set for child processes)")
  Long pid;

  public void exitWithIt() {
    if (pid != null) {
      ProcessHandle.of(pid)
          .ifPresentOrElse(
              parent -> {
                // nothing waits for it: the JVM exits from inside
                var unused = parent.onExit().thenRun(() -> System.exit(0));
              },
              () -> System.exit(0));
    }
  }
}
