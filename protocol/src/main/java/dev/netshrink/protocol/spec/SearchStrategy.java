package dev.netshrink.protocol.spec;

import dev.netshrink.protocol.wire.WireName;

/** How {@code search} picks the student trials. */
public enum SearchStrategy implements WireName {
  /** Every alpha x temperature of {@code distillation} (the default). */
  GRID("grid"),
  /** {@code search.trials} points drawn from {@code search.space}, reproducibly from the seed. */
  RANDOM("random"),
  /**
   * A tree-structured Parzen estimator (Bergstra et al. 2011): {@code search.startup} points drawn
   * at random, then each next point where the density of the best quarter of the results so far
   * most exceeds that of the rest, {@code search.parallel} in flight at a time.
   */
  TPE("tpe");

  private final String wireName;

  SearchStrategy(String wireName) {
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
