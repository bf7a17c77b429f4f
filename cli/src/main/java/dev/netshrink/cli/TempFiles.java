package dev.netshrink.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes the demo's throw-away broker folder. */
final class TempFiles {

  private TempFiles() {}

  static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("netshrink: could not remove " + dir + ": " + e.getMessage());
    }
  }
}
