package dev.netshrink.protocol.wire;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An enum that specs, JSON on Kafka, metric tags and the CLI spell with a lowercase name (e.g.
 * {@code hw13-student}) instead of its constant. Jackson reads and writes the name; a name that is
 * not one of the constants fails to decode.
 */
public interface WireName {

  @JsonValue
  String wireName();

  /** The constant of {@code type} spelled {@code name}, if there is one. */
  static <E extends Enum<E> & WireName> Optional<E> find(Class<E> type, String name) {
    return Arrays.stream(type.getEnumConstants())
        .filter(e -> e.wireName().equals(name))
        .findFirst();
  }

  /** The constant of {@code type} spelled {@code name}; an error that lists every name if none. */
  static <E extends Enum<E> & WireName> E parse(Class<E> type, String name) {
    return find(type, name)
        .orElseThrow(
            () -> new IllegalArgumentException("'" + name + "' is not one of " + names(type)));
  }

  /** Every name of {@code type} (an enum implementing this interface), sorted. */
  static List<String> names(Class<?> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(e -> ((WireName) e).wireName())
        .sorted()
        .toList();
  }
}
