package dev.netshrink.protocol.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code search}: how the student trials are chosen ({@code strategy}: the {@code distillation}
 * grid, or {@code trials} points drawn from {@code space}, at random or, after {@code startup}
 * random ones, by TPE with {@code parallel} in flight) and whether weak ones stop early ({@code
 * stopping}). A spec without it is the grid, every trial running all its epochs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchSpec(
    SearchStrategy strategy,
    Integer trials,
    SearchSpace space,
    StoppingSpec stopping,
    Integer startup,
    Integer parallel) {

  /** Trials a model-based search keeps in flight when the spec does not say. */
  public static final int DEFAULT_PARALLEL = 2;

  /**
   * Every absent field filled: the grid, no early stopping; a model-based search starts with a
   * quarter of its trials (at least 3) drawn at random and keeps 2 in flight.
   */
  public SearchSpec resolved() {
    SearchStrategy s = strategy == null ? SearchStrategy.GRID : strategy;
    boolean model = s == SearchStrategy.TPE;
    return new SearchSpec(
        s,
        trials,
        space,
        (stopping == null ? new StoppingSpec(null, null, null, null) : stopping).resolved(),
        startup != null || !model || trials == null
            ? startup
            : Integer.valueOf(Math.min(trials, Math.max(3, trials / 4))),
        parallel != null || !model ? parallel : Integer.valueOf(DEFAULT_PARALLEL));
  }

  /** The points drawn at random before any model: all of a random search's. */
  public int randomPoints() {
    return strategy == SearchStrategy.TPE ? startup : trials;
  }
}
