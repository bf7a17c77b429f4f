package dev.netshrink.protocol.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code search.space}: the axes a random search draws student trials from. An axis left out keeps
 * the spec's value: the first alpha and the first temperature of {@code distillation}, and the
 * student's learning rate, batch size, widths (multiplier 1) and epochs. A width multiplier scales
 * every width of {@code student.widths} (rounded, at least 1); a drawn point over {@code
 * student.maxParams} is never queued, because its range is cut at the largest multiplier that fits.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchSpace(
    Dimension alpha,
    Dimension temperature,
    Dimension learningRate,
    Dimension batchSize,
    Dimension widthMultiplier,
    Dimension epochs) {

  /** Whether no axis is given. */
  @JsonIgnore
  public boolean isEmpty() {
    return alpha == null
        && temperature == null
        && learningRate == null
        && batchSize == null
        && widthMultiplier == null
        && epochs == null;
  }

  /** What is wrong with the axes, named under {@code search.space}. */
  List<SpecError> problems() {
    List<SpecError> errors = new ArrayList<>();
    check(errors, "alpha", alpha, Dimension.Domain.FRACTION);
    check(errors, "temperature", temperature, Dimension.Domain.POSITIVE);
    check(errors, "learningRate", learningRate, Dimension.Domain.POSITIVE);
    check(errors, "batchSize", batchSize, Dimension.Domain.COUNT);
    check(errors, "widthMultiplier", widthMultiplier, Dimension.Domain.POSITIVE);
    check(errors, "epochs", epochs, Dimension.Domain.COUNT);
    return errors;
  }

  private static void check(
      List<SpecError> errors, String name, Dimension axis, Dimension.Domain domain) {
    if (axis != null) {
      errors.addAll(axis.problems("search.space." + name, domain));
    }
  }
}
