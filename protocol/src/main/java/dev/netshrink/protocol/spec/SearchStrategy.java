package dev.netshrink.protocol.spec;

import dev.netshrink.protocol.wire.WireName;

/** How {@code search} picks the student trials. */
public enum SearchStrategy implements WireName {
  /** Every alpha x temperature of {@code distillation} (the default). */
  GRID("grid"),
  /** {@code search.trials} points drawn from {@code search.space}, reproducibly from the seed. */
  RANDOM("random");

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
