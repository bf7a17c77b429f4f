package dev.netshrink.protocol.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the campaign's model must fit: at most {@code maxParams} parameters, {@code maxMacs}
 * multiply-accumulates per image, {@code maxLatencyMs} per inference batch (as the sweep measures
 * it), and at most {@code maxAccuracyDrop} below the teacher's accuracy or at least {@code
 * minAccuracy}. Any of them; the campaign names the most accurate of its models that fits all.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TargetSpec(
    Long maxParams, Long maxMacs, Double maxLatencyMs, Double maxAccuracyDrop, Double minAccuracy) {

  /** What the target says, e.g. "maxParams 30,000, maxAccuracyDrop 0.02". */
  public String describe() {
    StringBuilder s = new StringBuilder();
    append(s, "maxParams", maxParams == null ? null : String.format("%,d", maxParams));
    append(s, "maxMacs", maxMacs == null ? null : String.format("%,d", maxMacs));
    append(s, "maxLatencyMs", maxLatencyMs == null ? null : maxLatencyMs.toString());
    append(s, "maxAccuracyDrop", maxAccuracyDrop == null ? null : maxAccuracyDrop.toString());
    append(s, "minAccuracy", minAccuracy == null ? null : minAccuracy.toString());
    return s.toString();
  }

  private static void append(StringBuilder s, String name, String value) {
    if (value != null) {
      s.append(s.length() == 0 ? "" : ", ").append(name).append(' ').append(value);
    }
  }
}
