package dev.netshrink.cli;

import dev.netshrink.protocol.spec.CampaignSpec;
import dev.netshrink.protocol.spec.InvalidSpecException;
import dev.netshrink.protocol.spec.SpecValidator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A spec file read and checked the way every command does it: errors said, never thrown. */
final class SpecFile {

  /** A spec is a page of YAML: anything larger is the wrong file. */
  private static final long MAX_BYTES = 1024 * 1024;

  private SpecFile() {}

  /** The file's text, or empty after saying on {@code err} why it cannot be a spec. */
  static Optional<String> read(Path file, PrintStream err) {
    Optional<String> problem = problemWith(file);
    if (problem.isPresent()) {
      err.println("netshrink: " + file + " " + problem.get());
      return Optional.empty();
    }
    try {
      byte[] bytes = Files.readAllBytes(file);
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == 0) {
          err.println("netshrink: " + file + " is a binary file (a NUL byte at offset " + i + ")");
          return Optional.empty();
        }
      }
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      err.println("netshrink: " + file + " is not UTF-8 text; save it as UTF-8");
    } catch (IOException e) {
      err.println("netshrink: " + file + " cannot be read: " + e.getMessage());
    }
    return Optional.empty();
  }

  private static Optional<String> problemWith(Path file) {
    if (!Files.exists(file)) {
      return Optional.of("does not exist");
    }
    if (Files.isDirectory(file)) {
      return Optional.of("is a folder, not a spec file");
    }
    if (!Files.isReadable(file)) {
      return Optional.of("cannot be read (permissions)");
    }
    try {
      if (Files.size(file) > MAX_BYTES) {
        return Optional.of("is over " + MAX_BYTES / 1024 + " KiB: not a campaign spec");
      }
    } catch (IOException e) {
      return Optional.of("cannot be read: " + e.getMessage());
    }
    return Optional.empty();
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
