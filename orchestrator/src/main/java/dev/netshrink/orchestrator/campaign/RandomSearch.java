package dev.netshrink.orchestrator.campaign;

import dev.netshrink.protocol.spec.CampaignSpec;
import dev.netshrink.protocol.spec.Dimension;
import dev.netshrink.protocol.spec.SearchSpace;
import dev.netshrink.protocol.spec.StudentShape;
import dev.netshrink.protocol.spec.StudentSpec;
import dev.netshrink.protocol.view.TrialSettings;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The student trials of a random search: {@code search.trials} points drawn from {@code
 * search.space} by a generator seeded from the campaign's seed alone, so the same spec always gives
 * the same trials (and a replayed log the same ids). Each trial draws every axis in one fixed
 * order, one number per axis; real values are rounded to 3 significant digits, so what runs is what
 * the table shows.
 */
final class RandomSearch {

  /** Mixed into the seed, so the search draws differently from the training that shares it. */
  private static final long SALT = 0x5EA2C4L;

  private RandomSearch() {}

  /**
   * The campaign's own random points: the first {@code search.trials} of its sequence (of a TPE
   * search, its {@code search.startup}).
   */
  static List<TrialPlan> draw(String campaignId, CampaignSpec spec) {
    return draw(campaignId, spec, 0, spec.search().randomPoints());
  }

  /**
   * Points {@code from + 1} to {@code from + count} of the campaign's sequence: the first {@code
   * search.trials} are its own, the next ones what a user adds. Names are numbered with as many
   * digits as the spec's count needs (at least 2), whatever was added since.
   */
  static List<TrialPlan> draw(String campaignId, CampaignSpec spec, int from, int count) {
    SearchSpace space = spec.search().space();
    StudentSpec student = spec.student();
    SplittableRandom random = new SplittableRandom(spec.seedOrDefault() ^ SALT);
    Fit fit = new Fit(spec);
    int digits = digits(spec.search().trials());
    List<TrialPlan> plans = new ArrayList<>();
    for (int i = 1; i <= from + count; i++) {
      double alpha = real(space.alpha(), random, spec.distillation().alphas().get(0));
      double temperature =
          real(space.temperature(), random, spec.distillation().temperatures().get(0));
      double lr = real(space.learningRate(), random, student.learningRate());
      int batch = whole(space.batchSize(), random, student.batchSize());
      double multiplier = fit.multiplier(space.widthMultiplier(), random);
      int epochs = whole(space.epochs(), random, student.epochs());
      if (i <= from) {
        continue; // drawn all the same: each point is the next numbers of one sequence
      }
      String name = String.format(Locale.ROOT, "rand-%0" + digits + "d", i);
      plans.add(
          new TrialPlan(
              campaignId + "/" + name,
              name,
              TrialKind.STUDENT,
              alpha,
              temperature,
              new TrialSettings(lr, batch, multiplier, fit.widths(multiplier), epochs),
              null));
    }
    return plans;
  }

  static double real(Dimension axis, SplittableRandom random, double fixed) {
    return axis == null ? fixed : round(axis.draw(random));
  }

  static int whole(Dimension axis, SplittableRandom random, int fixed) {
    return axis == null ? fixed : (int) axis.draw(random);
  }

  static double round(double v) {
    return new BigDecimal(v).round(new MathContext(3)).doubleValue();
  }

  static int digits(int n) {
    return Math.max(2, String.valueOf(n).length());
  }

  /**
   * Width multipliers within {@code student.maxParams}: a listed value over it is never chosen, and
   * a range is cut at the largest multiplier that fits (found by bisection: the count grows with
   * the multiplier).
   */
  static final class Fit {

    private final CampaignSpec spec;

    Fit(CampaignSpec spec) {
      this.spec = spec;
    }

    List<Integer> widths(double multiplier) {
      return StudentShape.scaled(spec.student().widths(), multiplier);
    }

    boolean fits(double multiplier) {
      return StudentShape.parameterCount(
              spec.student().arch(),
              spec.dataset().inputChannels(),
              widths(multiplier),
              spec.dataset().classes())
          <= spec.student().maxParams();
    }

    /** The largest multiplier of a range that fits the budget. */
    double top(Dimension axis) {
      double hi = axis.largest();
      if (fits(hi)) {
        return hi;
      }
      double ok = axis.smallest();
      double over = hi;
      for (int i = 0; i < 50; i++) {
        double mid = (ok + over) / 2;
        if (fits(mid)) {
          ok = mid;
        } else {
          over = mid;
        }
      }
      return ok;
    }

    /** A multiplier that fits, feasible listed values only, a range cut at {@link #top}. */
    double multiplier(Dimension axis, SplittableRandom random) {
      if (axis == null) {
        return 1.0;
      }
      if (!axis.continuous()) {
        List<Double> fitting = axis.choice().stream().filter(this::fits).toList();
        return fitting.get(random.nextInt(fitting.size()));
      }
      double lo = axis.smallest();
      double top = top(axis);
      Dimension cut =
          axis.uniform() != null
              ? new Dimension(null, List.of(lo, top), null, null)
              : new Dimension(null, null, List.of(lo, top), null);
      double m = round(cut.draw(random));
      // rounding up may cross the budget by a hair: the largest 3-digit value below it then
      return clamp(m, top);
    }

    /** {@code m} (rounded to 3 digits) within the budget: rounding up may cross it by a hair. */
    double clamp(double m, double top) {
      return fits(m) ? m : Math.floor(top * 100) / 100;
    }
  }
}
