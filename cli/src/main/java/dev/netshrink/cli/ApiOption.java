package dev.netshrink.cli;

import picocli.CommandLine.Option;

/** The `--api` option of every command that talks to a running orchestrator (a picocli mixin). */
final class ApiOption {

  @Option(
      names = "--api",
      defaultValue = "http://127.0.0.1:8088",
      description = "orchestrator URL (default: ${DEFAULT-VALUE})")
  String url;

  ApiClient client() {
    return new ApiClient(url);
  }
}
