package dev.netshrink.orchestrator.campaign;

import dev.netshrink.protocol.spec.Dimension;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One axis of {@link TpeSearch}'s Parzen estimators, over the values some results had there: for a
 * listed axis, each value's frequency smoothed by one (every value stays possible); for a range, a
 * Gaussian kernel on each value (in log space for a log-uniform axis) mixed with a uniform prior of
 * the same weight, a bandwidth of a quarter of the range shrinking as n^(-1/5) with the values.
 */
final class ParzenAxis {

  private final Dimension axis;
  private final boolean log;
  private final double lo;
  private final double hi;

  /** {@code top}: where the range is cut (a width multiplier's budget), NaN for its end. */
  ParzenAxis(Dimension axis, double top) {
    this.axis = axis;
    this.log = axis.logUniform() != null;
    this.lo = scale(axis.smallest());
    this.hi = scale(Double.isNaN(top) ? axis.largest() : Math.min(top, axis.largest()));
  }

  /** A value drawn from the density over {@code values}. */
  double sample(double[] values, SplittableRandom random) {
    if (axis.choice() != null) {
      List<Double> choice = axis.choice();
      double[] weights = choice.stream().mapToDouble(c -> count(values, c) + 1).toArray();
      double total = java.util.Arrays.stream(weights).sum();
      double u = random.nextDouble() * total;
      for (int i = 0; i < weights.length; i++) {
        u -= weights[i];
        if (u < 0) {
          return choice.get(i);
        }
      }
      return choice.get(choice.size() - 1);
    }
    int component = random.nextInt(values.length + 1);
    double x;
    if (component == values.length || hi <= lo) {
      x = lo + random.nextDouble() * (hi - lo);
    } else {
      x = Math.max(lo, Math.min(hi, scale(values[component]) + gaussian(random) * sigma(values)));
    }
    double v = log ? Math.exp(x) : x;
    return axis.integer() != null ? Math.round(v) : v;
  }

  /** The log of the density over {@code values} at {@code v}. */
  double logDensity(double[] values, double v) {
    if (axis.choice() != null) {
      return Math.log((count(values, v) + 1) / (values.length + axis.choice().size()));
    }
    if (hi <= lo) {
      return 0;
    }
    double x = scale(v);
    double sigma = sigma(values);
    double sum = 1 / (hi - lo);
    for (double value : values) {
      double z = (x - scale(value)) / sigma;
      sum += Math.exp(-0.5 * z * z) / (sigma * Math.sqrt(2 * Math.PI));
    }
    return Math.log(sum / (values.length + 1));
  }

  private double sigma(double[] values) {
    return Math.max(1e-12, 0.25 * (hi - lo) * Math.pow(Math.max(1, values.length), -0.2));
  }

  private double scale(double v) {
    return log ? Math.log(v) : v;
  }

  private static double count(double[] values, double v) {
    int n = 0;
    for (double value : values) {
      if (value == v) {
        n++;
      }
    }
    return n;
  }

  /** A standard normal number, by Box-Muller from {@code random} alone (reproducible). */
  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
