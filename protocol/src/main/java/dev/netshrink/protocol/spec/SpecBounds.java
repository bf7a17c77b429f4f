package dev.netshrink.protocol.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a spec may ask of the system: epochs, trials, pruning points and images within {@link
 * SpecLimits}, and grids without repeats. Counted by arithmetic, never by building what was asked
 * for, so a spec of a billion points is refused without a billion of anything.
 */
final class SpecBounds {

  private final SpecLimits limits;
  private final List<SpecError> errors = new ArrayList<>();

  private SpecBounds(SpecLimits limits) {
    this.limits = limits;
  }

  static List<SpecError> check(CampaignSpec spec, SpecLimits limits) {
    SpecBounds b = new SpecBounds(limits);
    b.atMost("dataset.trainLimit", spec.dataset().trainLimit(), limits.maxImages());
    b.atMost("dataset.testLimit", spec.dataset().testLimit(), limits.maxImages());
    b.atMost("teacher.epochs", spec.teacher().epochs(), limits.maxEpochs());
    b.atMost("student.epochs", spec.student().epochs(), limits.maxEpochs());
    b.atMost("pruning.fineTuneEpochs", spec.pruning().fineTuneEpochs(), limits.maxFineTuneEpochs());
    b.noRepeats("distillation.alphas", spec.distillation().alphas());
    b.noRepeats("distillation.temperatures", spec.distillation().temperatures());
    b.trials(spec.distillation());
    b.sweepPoints(spec.pruning());
    return List.copyOf(b.errors);
  }

  private void trials(DistillationGrid g) {
    long trials =
        (long) g.alphas().size() * g.temperatures().size() + (g.baselineOrDefault() ? 1 : 0);
    if (trials > limits.maxTrials()) {
      errors.add(
          new SpecError(
              "distillation",
              String.format(
                  "%d alphas x %d temperatures (+ baseline) make %d trials; at most %d are allowed",
                  g.alphas().size(), g.temperatures().size(), trials, limits.maxTrials())));
    }
  }

  private void sweepPoints(PruningSpec p) {
    PruningSpec.RatioRange r = p.ratios();
    if (p.models().isEmpty() || !(r.step() > 0) || !(r.to() >= r.from())) {
      return; // nothing to sweep, or a range the validator already refuses
    }
    double ratios = Math.floor((r.to() - r.from()) / r.step() + 1e-9) + 1;
    double points = ratios * Math.max(1, p.methods().size()) * p.models().size();
    if (points > limits.maxSweepPoints()) {
      errors.add(
          new SpecError(
              "pruning.ratios.step",
              String.format(
                  "%s makes %.0f ratios; at most %d sweep points (ratios x methods x models) are"
                      + " allowed",
                  r.step(), ratios, limits.maxSweepPoints())));
    }
  }

  private void noRepeats(String field, List<Double> values) {
    Set<Double> seen = new HashSet<>();
    for (int i = 0; i < values.size(); i++) {
      Double v = values.get(i);
      if (v != null && !seen.add(v)) {
        errors.add(new SpecError(field + "[" + i + "]", v + " is listed twice"));
      }
    }
  }

  private void atMost(String field, Integer value, long max) {
    if (value != null && value > max) {
      errors.add(new SpecError(field, value + " must be at most " + max));
    }
  }
}
