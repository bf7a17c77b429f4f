package dev.netshrink.orchestrator.campaign;

import java.util.Locale;

/** Where a trial is in its life; SUCCEEDED and FAILED are final. */
public enum TrialStatus {
  WAITING, QUEUED, RUNNING, SUCCEEDED, FAILED;

  // computed once: metrics ask for every trial's state after every event
  private final String wireName = name().toLowerCase(Locale.ROOT);

  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED;
  }

  public String wireName() {
    return wireName;
  }
}
