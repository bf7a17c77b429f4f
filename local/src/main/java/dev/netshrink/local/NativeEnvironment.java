package dev.netshrink.local;

import java.util.Map;

/**
 * Environment variables that libtorch needs to run fast in a JVM, given to every worker process the
 * local system starts (a value already set by the user wins). {@code ./netshrink} exports the same
 * values for the CLI's own JVM; {@code NativeEnvironmentTest} keeps the two in step.
 */
public final class NativeEnvironment {

  /**
   * glibc returns every freed block above its mmap threshold to the kernel at once, so each
   * training step page-faults its multi-megabyte activations back in: DJL runs on a Java thread,
   * whose malloc arena trims eagerly. Keeping blocks below 256 MB on the heap and trimming only
   * above 1 GB made student training 1.4-1.7x faster at the same peak RSS (BENCHMARKS.md, benchmark
   * 1). Idle OpenMP threads must not spin: the broker and other workers share these cores.
   */
  public static final Map<String, String> VARIABLES =
      Map.of(
          "MALLOC_MMAP_THRESHOLD_", "268435456",
          "MALLOC_TRIM_THRESHOLD_", "1073741824",
          "MALLOC_TOP_PAD_", "268435456",
          "OMP_WAIT_POLICY", "PASSIVE");

  private NativeEnvironment() {}

  /** Adds the variables the environment does not set yet. */
  public static void applyDefaults(Map<String, String> environment) {
    VARIABLES.forEach(environment::putIfAbsent);
  }
}
