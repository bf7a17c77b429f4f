package dev.netshrink.protocol.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks {@code search}: a grid takes no space, a random search needs its trials and a space whose
 * axes are sound and within the limits, and a width multiplier must have points that fit {@code
 * student.maxParams}.
 */
final class SearchValidator {

  private final List<SpecError> errors = new ArrayList<>();

  private SearchValidator() {}

  static List<SpecError> check(CampaignSpec spec, SpecLimits limits) {
    SearchValidator v = new SearchValidator();
    if (spec.search() != null) {
      v.checkSearch(spec, limits);
    }
    return List.copyOf(v.errors);
  }

  private void checkSearch(CampaignSpec spec, SpecLimits limits) {
    SearchSpec s = spec.search();
    errors.addAll(s.stopping().problems());
    if (s.strategy() == SearchStrategy.GRID) {
      if (s.space() != null) {
        error(
            "search.space",
            "a grid search takes its points from distillation.alphas and temperatures;"
                + " set strategy: random to draw them from a space");
      }
      if (s.trials() != null) {
        error("search.trials", "only a random or tpe search draws a number of trials");
      }
      if (s.startup() != null || s.parallel() != null) {
        error(
            s.startup() != null ? "search.startup" : "search.parallel",
            "only a model-based search (strategy: tpe) takes it");
      }
    } else {
      checkRandom(spec, limits);
    }
    checkStopping(spec);
  }

  private void checkRandom(CampaignSpec spec, SpecLimits limits) {
    SearchSpec s = spec.search();
    if (s.trials() == null) {
      error("search.trials", "a " + s.strategy() + " search needs the number of trials to draw");
    } else if (s.trials() < 1) {
      error("search.trials", s.trials() + " must be at least 1");
    } else if (s.trials() + (spec.distillation().baselineOrDefault() ? 1 : 0)
        > limits.maxTrials()) {
      error(
          "search.trials",
          s.trials() + " trials (+ baseline) are more than the " + limits.maxTrials() + " allowed");
    }
    if (s.space() == null || s.space().isEmpty()) {
      error("search.space", "a " + s.strategy() + " search needs at least one axis to draw from");
      return;
    }
    if (s.strategy() == SearchStrategy.TPE) {
      if (s.startup() != null
          && (s.startup() < 1 || (s.trials() != null && s.startup() > s.trials()))) {
        error("search.startup", s.startup() + " must be from 1 to search.trials");
      }
      if (s.parallel() != null && s.parallel() < 1) {
        error("search.parallel", s.parallel() + " must be at least 1");
      }
    } else if (s.startup() != null || s.parallel() != null) {
      error(
          s.startup() != null ? "search.startup" : "search.parallel",
          "only a model-based search (strategy: tpe) takes it");
    }
    List<SpecError> axes = s.space().problems();
    errors.addAll(axes);
    if (!axes.isEmpty()) {
      return;
    }
    SearchSpace space = s.space();
    if (space.alpha() == null && spec.distillation().alphas().isEmpty()) {
      error("search.space.alpha", "give an alpha axis, or a distillation alpha for every point");
    }
    if (space.temperature() == null && spec.distillation().temperatures().isEmpty()) {
      error(
          "search.space.temperature",
          "give a temperature axis, or a distillation temperature for every point");
    }
    if (space.epochs() != null && space.epochs().largest() > limits.maxEpochs()) {
      error(
          "search.space.epochs",
          (long) space.epochs().largest() + " must be at most " + limits.maxEpochs());
    }
    if (space.batchSize() != null && space.batchSize().largest() > 4096) {
      error("search.space.batchSize", (long) space.batchSize().largest() + " is above 4096");
    }
    if (space.widthMultiplier() != null) {
      checkWidths(spec, space.widthMultiplier());
    }
  }

  private void checkWidths(CampaignSpec spec, Dimension multiplier) {
    StudentSpec st = spec.student();
    if (st.arch().role() != ModelRole.STUDENT || st.widths().stream().anyMatch(w -> w < 1)) {
      return; // the student's own checks say what is wrong
    }
    double smallest = multiplier.smallest();
    List<Integer> widths = StudentShape.scaled(st.widths(), smallest);
    long params =
        StudentShape.parameterCount(
            st.arch(), spec.dataset().inputChannels(), widths, spec.dataset().classes());
    if (params > st.maxParams()) {
      error(
          "search.space.widthMultiplier",
          String.format(
              "every point exceeds student.maxParams: the smallest, x%s (widths %s), has %,d"
                  + " parameters, over %,d",
              smallest, widths, params, st.maxParams()));
    }
  }

  /** A rule that can never act is a mistake worth naming. */
  private void checkStopping(CampaignSpec spec) {
    StoppingSpec stop = spec.search().stopping();
    if (stop.rule() == StoppingRule.NONE) {
      return;
    }
    SearchSpace space = spec.search().space();
    long longest =
        space != null && space.epochs() != null && spec.search().strategy() != SearchStrategy.GRID
            ? (long) space.epochs().largest()
            : spec.student().epochs();
    if (stop.minEpochs() != null && stop.minEpochs() >= longest) {
      error(
          "search.stopping.minEpochs",
          stop.minEpochs()
              + " leaves no epoch to stop at: the longest trial has "
              + longest
              + " epochs");
    }
  }

  private void error(String field, String reason) {
    errors.add(new SpecError(field, reason));
  }
}
