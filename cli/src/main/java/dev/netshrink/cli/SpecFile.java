package dev.netshrink.cli;

import dev.netshrink.protocol.spec.CampaignSpec;
import dev.netshrink.protocol.spec.InvalidSpecException;
import dev.netshrink.protocol.spec.SpecValidator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reads and validates a spec file before anything starts, printing every error. */
final class SpecFile {

  private SpecFile() {}

  static String read(Path file) throws IOException {
    return Files.readString(file);
  }

  /** The validated spec, or empty after printing why it was rejected. */
  static Optional<CampaignSpec> validate(Path file, String text, PrintStream err) {
    try {
      return Optional.of(SpecValidator.load(text, true));
    } catch (InvalidSpecException e) {
      printRejection(file, e, err);
      return Optional.empty();
    }
  }

  static void printRejection(Path file, InvalidSpecException e, PrintStream err) {
    err.println("netshrink: " + file + " is not a valid campaign spec:");
    List.copyOf(e.errors()).forEach(error -> err.println("  - " + error));
  }
}
