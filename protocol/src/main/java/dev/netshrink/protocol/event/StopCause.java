package dev.netshrink.protocol.event;

import dev.netshrink.protocol.wire.WireName;

/** Why a trial was stopped before it ended by itself. */
public enum StopCause implements WireName {
  /** {@code search.stopping}'s rule judged it weak at a rung. */
  EARLY_STOPPED("early-stopped"),
  /** A user cancelled it, or its campaign. */
  CANCELLED("cancelled");

  private final String wireName;

  StopCause(String wireName) {
    this.wireName = wireName;
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
