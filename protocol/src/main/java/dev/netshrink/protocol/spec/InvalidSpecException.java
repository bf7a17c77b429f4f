package dev.netshrink.protocol.spec;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown before anything runs when a campaign spec cannot be accepted; lists every reason. */
public final class InvalidSpecException extends RuntimeException {

  private final transient List<SpecError> errors;

  public InvalidSpecException(List<SpecError> errors) {
    super(
        "invalid campaign spec:\n"
            + errors.stream().map(e -> "  - " + e).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public List<SpecError> errors() {
    return errors;
  }
}
