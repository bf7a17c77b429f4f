package dev.netshrink.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * The peak resident memory of a local process, as the kernel counts it ({@code VmHWM} in {@code
 * /proc/PID/status}): exact, where sampling RSS would miss a short peak. Empty off Linux or once
 * the process is gone.
 */
public final class ProcessMemory {

  private ProcessMemory() {}

  public static OptionalLong peakResidentBytes(long pid) {
    List<String> lines;
    try {
      lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
    } catch (IOException e) {
      return OptionalLong.empty();
    }
    return lines.stream()
        .filter(line -> line.startsWith("VmHWM:"))
        .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024)
        .findFirst();
  }
}
