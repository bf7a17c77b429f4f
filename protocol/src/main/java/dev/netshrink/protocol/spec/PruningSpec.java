package dev.netshrink.protocol.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/** The pruning sweep: which method, at which ratios, on which models (teacher, student). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PruningSpec(String method, RatioRange ratios, List<String> models) {

  public static final String L1_UNSTRUCTURED = "l1-unstructured";

  /** An inclusive range of ratios, e.g. 0.00 to 0.95 by 0.05. */
  public record RatioRange(Double from, Double to, Double step) {

    /** The ratios, rounded to 4 decimals so that 0.1 + 0.2 style drift never adds a point. */
    public List<Double> values() {
      List<Double> out = new ArrayList<>();
      int n = (int) Math.floor((to - from) / step + 1e-9);
      for (int i = 0; i <= n; i++) {
        out.add(Math.round((from + i * step) * 10_000d) / 10_000d);
      }
      return out;
    }
  }
}
