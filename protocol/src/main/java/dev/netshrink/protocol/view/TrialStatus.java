package dev.netshrink.protocol.view;

import dev.netshrink.protocol.wire.WireName;
import java.util.Locale;

/**
 * Where a trial is in its life; SUCCEEDED, FAILED and STOPPED (early, or cancelled) are final.
 * Written in lowercase.
 */
public enum TrialStatus implements WireName {
  WAITING,
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  STOPPED;

  // computed once: metrics ask for every trial's state after every event
  private final String wireName = name().toLowerCase(Locale.ROOT);

  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED || this == STOPPED;
  }

  @Override
  public String wireName() {
    return wireName;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
