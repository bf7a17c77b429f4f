package dev.netshrink.orchestrator.campaign;

import java.util.Locale;

/** Where a trial is in its life; SUCCEEDED and FAILED are final. */
public enum TrialStatus {
  WAITING, QUEUED, RUNNING, SUCCEEDED, FAILED;

  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
