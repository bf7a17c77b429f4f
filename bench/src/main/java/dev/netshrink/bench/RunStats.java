package dev.netshrink.bench;

import java.util.List;

/** Min, median and max of a benchmark's repeated rounds. */
record RunStats(double min, double median, double max) {

  static RunStats of(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = v.length;
    return new RunStats(v[0], n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2, v[n - 1]);
  }
}
