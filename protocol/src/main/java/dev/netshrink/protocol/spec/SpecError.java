package dev.netshrink.protocol.spec;

/** One reason a spec was rejected, naming the field by its path (e.g. {@code teacher.epochs}). */
public record SpecError(String field, String reason) {

  @Override
  public String toString() {
    return field + ": " + reason;
  }
}
