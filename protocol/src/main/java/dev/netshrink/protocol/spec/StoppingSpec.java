package dev.netshrink.protocol.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code search.stopping}: which {@link StoppingRule} ends weak student trials early. {@code
 * minEpochs} is the grace period (no trial stops before it; ASHA's first rung), {@code eta} ASHA's
 * reduction factor, {@code minTrials} how many other trials the median rule needs at an epoch
 * before it judges one. The CE baseline is a reference, never stopped and never compared with.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StoppingSpec(StoppingRule rule, Integer eta, Integer minEpochs, Integer minTrials) {

  public static final int DEFAULT_ETA = 3;
  public static final int DEFAULT_MIN_TRIALS = 3;

  /** Every absent field filled: no rule, eta 3, from epoch 1, 3 other trials. */
  public StoppingSpec resolved() {
    return new StoppingSpec(
        rule == null ? StoppingRule.NONE : rule,
        eta == null ? DEFAULT_ETA : eta,
        minEpochs == null ? 1 : minEpochs,
        minTrials == null ? DEFAULT_MIN_TRIALS : minTrials);
  }

  /**
   * The epochs at which a trial of {@code epochs} epochs is judged: ASHA's rungs, every epoch from
   * {@code minEpochs} for the median rule; never its last, which ends it anyway.
   */
  public List<Integer> rungs(int epochs) {
    List<Integer> rungs = new ArrayList<>();
    if (rule == StoppingRule.ASHA) {
      for (long r = minEpochs; r < epochs; r *= eta) {
        rungs.add((int) r);
      }
    } else if (rule == StoppingRule.MEDIAN) {
      for (int e = minEpochs; e < epochs; e++) {
        rungs.add(e);
      }
    }
    return rungs;
  }

  /** What is wrong with these settings, fields named under {@code search.stopping}. */
  List<SpecError> problems() {
    List<SpecError> errors = new ArrayList<>();
    if (eta != null && eta < 2) {
      errors.add(
          new SpecError(
              "search.stopping.eta", eta + " must be at least 2: each rung keeps 1/eta of trials"));
    }
    if (minEpochs != null && minEpochs < 1) {
      errors.add(new SpecError("search.stopping.minEpochs", minEpochs + " must be at least 1"));
    }
    if (minTrials != null && minTrials < 1) {
      errors.add(new SpecError("search.stopping.minTrials", minTrials + " must be at least 1"));
    }
    return errors;
  }
}
