package dev.netshrink.protocol.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code search}: how the student trials are chosen ({@code strategy}: the {@code distillation}
 * grid, or {@code trials} points drawn from {@code space}) and whether weak ones stop early ({@code
 * stopping}). A spec without it is the grid, every trial running all its epochs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchSpec(
    SearchStrategy strategy, Integer trials, SearchSpace space, StoppingSpec stopping) {

  /** Every absent field filled: the grid, no early stopping. */
  public SearchSpec resolved() {
    return new SearchSpec(
        strategy == null ? SearchStrategy.GRID : strategy,
        trials,
        space,
        (stopping == null ? new StoppingSpec(null, null, null, null) : stopping).resolved());
  }
}
