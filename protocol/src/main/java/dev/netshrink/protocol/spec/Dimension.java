package dev.netshrink.protocol.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One axis of {@code search.space}, written as exactly one of: {@code choice: [a, b, ...]} (one of
 * them, equally likely), {@code uniform: [lo, hi]}, {@code logUniform: [lo, hi]} (uniform in log
 * space, for learning rates) or {@code int: [lo, hi]} (an integer, both ends included).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Dimension(
    List<Double> choice,
    List<Double> uniform,
    List<Double> logUniform,
    @JsonProperty("int") List<Long> integer) {

  /** What values an axis may take: alpha a fraction, counts whole and positive, the rest > 0. */
  public enum Domain {
    FRACTION,
    POSITIVE,
    COUNT
  }

  /** One value, drawn with {@code random}; each kind draws exactly one number from it. */
  public double draw(SplittableRandom random) {
    if (choice != null) {
      return choice.get(random.nextInt(choice.size()));
    }
    if (integer != null) {
      return integer.get(0) + random.nextLong(integer.get(1) - integer.get(0) + 1);
    }
    double u = random.nextDouble();
    if (uniform != null) {
      return uniform.get(0) + u * (uniform.get(1) - uniform.get(0));
    }
    double lo = Math.log(logUniform.get(0));
    return Math.exp(lo + u * (Math.log(logUniform.get(1)) - lo));
  }

  /** The smallest value the axis can take. */
  @JsonIgnore
  public double smallest() {
    if (choice != null) {
      return choice.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }
    return integer != null ? integer.get(0) : uniform != null ? uniform.get(0) : logUniform.get(0);
  }

  /** The largest value the axis can take. */
  @JsonIgnore
  public double largest() {
    if (choice != null) {
      return choice.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }
    return integer != null ? integer.get(1) : uniform != null ? uniform.get(1) : logUniform.get(1);
  }

  /** Whether the axis is a range of reals (its values not listed). */
  @JsonIgnore
  public boolean continuous() {
    return uniform != null || logUniform != null;
  }

  /** What is wrong with this axis, named {@code field}, for values of {@code domain}. */
  List<SpecError> problems(String field, Domain domain) {
    List<SpecError> errors = new ArrayList<>();
    int kinds =
        (choice != null ? 1 : 0)
            + (uniform != null ? 1 : 0)
            + (logUniform != null ? 1 : 0)
            + (integer != null ? 1 : 0);
    if (kinds != 1) {
      errors.add(
          new SpecError(
              field, "give exactly one of choice, uniform, logUniform, int (" + kinds + " given)"));
      return errors;
    }
    if (choice != null) {
      if (choice.isEmpty()) {
        errors.add(new SpecError(field + ".choice", "is empty: list at least one value"));
      }
      for (int i = 0; i < choice.size(); i++) {
        inDomain(errors, field + ".choice[" + i + "]", choice.get(i), domain);
      }
      return errors;
    }
    if (domain == Domain.COUNT && integer == null) {
      errors.add(new SpecError(field, "is a whole number: give int: [lo, hi] or a choice"));
      return errors;
    }
    String kind = integer != null ? "int" : uniform != null ? "uniform" : "logUniform";
    List<? extends Number> range =
        integer != null ? integer : uniform != null ? uniform : logUniform;
    if (range.size() != 2 || range.contains(null)) {
      errors.add(new SpecError(field + "." + kind, "must be [lo, hi], two numbers"));
      return errors;
    }
    double lo = range.get(0).doubleValue();
    double hi = range.get(1).doubleValue();
    if (!(lo <= hi)) {
      errors.add(new SpecError(field + "." + kind, "lo " + lo + " is above hi " + hi));
    }
    if (logUniform != null && !(lo > 0)) {
      errors.add(
          new SpecError(
              field + ".logUniform", "the range must be above 0 (the log of " + lo + " is not)"));
      return errors;
    }
    inDomain(errors, field + "." + kind + "[0]", lo, domain);
    inDomain(errors, field + "." + kind + "[1]", hi, domain);
    return errors;
  }

  private static void inDomain(List<SpecError> errors, String field, Double v, Domain domain) {
    boolean ok =
        v != null
            && Double.isFinite(v)
            && switch (domain) {
              case FRACTION -> v >= 0 && v <= 1;
              case POSITIVE -> v > 0;
              case COUNT -> v >= 1 && v == Math.rint(v);
            };
    if (!ok) {
      errors.add(
          new SpecError(
              field,
              v
                  + switch (domain) {
                    case FRACTION -> " is outside [0, 1]";
                    case POSITIVE -> " must be a finite number greater than 0";
                    case COUNT -> " must be a whole number, at least 1";
                  }));
    }
  }
}
