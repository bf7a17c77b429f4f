package dev.netshrink.protocol.spec;

import dev.netshrink.protocol.wire.WireName;

/** How {@code search.stopping} ends weak student trials before their last epoch. */
public enum StoppingRule implements WireName {
  /** Every trial runs all its epochs. */
  NONE("none"),
  /**
   * The median stopping rule (Golovin et al. 2017, Google Vizier): at each epoch from {@code
   * minEpochs}, a trial whose best accuracy so far is below the median of the other trials' mean
   * accuracies up to that epoch stops, once {@code minTrials} others have reached it.
   */
  MEDIAN("median"),
  /**
   * Asynchronous successive halving (Li et al. 2020), its stopping form: rungs at epochs {@code
   * minEpochs * eta^k}; a trial below the {@code 1 - 1/eta} quantile of the accuracies that trials
   * reaching the rung before it had there stops.
   */
  ASHA("asha");

  private final String wireName;

  StoppingRule(String wireName) {
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
