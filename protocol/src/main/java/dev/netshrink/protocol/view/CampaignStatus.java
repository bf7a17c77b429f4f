package dev.netshrink.protocol.view;

import dev.netshrink.protocol.wire.WireName;
import java.util.Locale;

/** Whether a campaign still runs or how it ended. Written in lowercase. */
public enum CampaignStatus implements WireName {
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  public boolean isFinal() {
    return this != RUNNING;
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
