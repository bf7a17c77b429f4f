package dev.netshrink.protocol.job;

/** The id of one attempt of one trial: {@code trialId#attempt}, attempts counted from 1. */
public final class JobIds {

  private JobIds() {}

  public static String of(String trialId, int attempt) {
    return trialId + "#" + attempt;
  }

  /** The attempt number inside a job id made by {@link #of}, or 0 if there is none. */
  public static int attemptOf(String jobId) {
    int hash = jobId.lastIndexOf('#');
    try {
      return hash < 0 ? 0 : Integer.parseInt(jobId.substring(hash + 1));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The trial id inside a job id made by {@link #of}: all of it before the last '#'. */
  public static String trialOf(String jobId) {
    int hash = jobId.lastIndexOf('#');
    return hash < 0 ? jobId : jobId.substring(0, hash);
  }
}
