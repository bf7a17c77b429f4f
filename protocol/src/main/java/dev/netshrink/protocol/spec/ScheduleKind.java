package dev.netshrink.protocol.spec;

import dev.netshrink.protocol.wire.WireName;

/** How {@code pruning.schedule} reaches its target ratio. */
public enum ScheduleKind implements WireName {
  /** Prune to the target at once, then fine-tune all the schedule's epochs. */
  ONE_SHOT("one-shot"),
  /** Prune an equal step per round, fine-tuning after each (Han et al. 2015). */
  ITERATIVE("iterative"),
  /**
   * Automated gradual pruning (Zhu and Gupta 2017): the ratio after round k of n is {@code target *
   * (1 - (1 - k/n)^3)}, large steps first while the network still has slack.
   */
  AGP("agp");

  private final String wireName;

  ScheduleKind(String wireName) {
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
