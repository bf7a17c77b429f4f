package dev.netshrink.cli;

/** The exit codes a script can tell apart; 0 is success and stays picocli's. */
enum ExitCode {
  /** The command ran and what it ran failed (a campaign with a failed trial, an I/O error). */
  FAILED(1),
  /** Something to fix in the command line or the spec, or an order the campaign refused. */
  USAGE(2),
  /** The orchestrator (or broker) did not answer: start the system, or point --api elsewhere. */
  UNREACHABLE(3),
  /** The system answered, and has no such campaign (or model). */
  NOT_FOUND(4);

  final int code;

  ExitCode(int code) {
    this.code = code;
  }

  static ExitCode of(Throwable e) {
    if (e instanceof ApiClient.UnreachableException) {
      return UNREACHABLE;
    }
    if (e instanceof ApiClient.RefusedException
        || e instanceof picocli.CommandLine.ParameterException) {
      return USAGE;
    }
    if (e instanceof ApiClient.NotFoundException) {
      return NOT_FOUND;
    }
    return FAILED;
  }
}
