package dev.netshrink.protocol.wire;

/**
 * A wire value that checks what JSON alone cannot: required fields present, ids well-formed,
 * numbers finite and in range. {@link JsonSerde} calls it on every decoded record, so a record that
 * fails goes to the dead-letter topic instead of into a handler.
 */
public interface Validated {

  /** Throws {@link IllegalArgumentException} naming the field and what is wrong with it. */
  void validate();
}
