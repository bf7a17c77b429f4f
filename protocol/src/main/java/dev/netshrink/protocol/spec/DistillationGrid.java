package dev.netshrink.protocol.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The alpha x temperature grid of KD trials. {@code baseline} adds a CE-only trial (alpha = 0) so
 * the table shows what distillation bought.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DistillationGrid(List<Double> alphas, List<Double> temperatures, Boolean baseline) {

  public boolean baselineOrDefault() {
    return baseline == null || baseline;
  }
}
