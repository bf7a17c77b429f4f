package dev.netshrink.protocol.spec;

import java.util.Optional;

/**
 * {@code student.fuse}: whether a worker trains several of a campaign's students as one fused
 * network. {@code auto} spreads the compatible queued trials evenly over the free student workers,
 * at most {@link #AUTO_LIMIT} per pack; {@code off} trains one trial per job; a number is the
 * largest pack.
 */
public record FusePolicy(int limit, boolean spread) {

  public static final String AUTO = "auto";
  public static final String OFF = "off";

  /**
   * Packs larger than this gained nothing more on 2 cores (BENCHMARKS.md, bench fusion: 1.48x at 4,
   * 1.49x at 8), and every member adds its activations to the worker's memory.
   */
  public static final int AUTO_LIMIT = 8;

  /** The largest pack a spec may ask for. */
  public static final int MAX_PACK = 64;

  public static final FusePolicy NONE = new FusePolicy(1, false);

  /**
   * The policy a spec's value names; {@link #NONE} for a job written before fusion existed (null).
   *
   * @throws IllegalArgumentException when the value is none of auto, off or 1..{@value #MAX_PACK}
   */
  public static FusePolicy of(String value) {
    return parse(value)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "must be auto, off or a pack size from 1 to " + MAX_PACK + ", not " + value));
  }

  static Optional<FusePolicy> parse(String value) {
    // YAML 1.1 reads a bare off as the boolean false, which reaches here as "false"
    if (value == null || OFF.equals(value) || "false".equals(value)) {
      return Optional.of(NONE);
    }
    if (AUTO.equals(value)) {
      return Optional.of(new FusePolicy(AUTO_LIMIT, true));
    }
    if (!value.matches("[0-9]{1,3}")) {
      return Optional.empty();
    }
    int size = Integer.parseInt(value);
    return size >= 1 && size <= MAX_PACK
        ? Optional.of(new FusePolicy(size, false))
        : Optional.empty();
  }

  /**
   * How many of {@code queued} compatible trials the next pack takes when {@code workers} student
   * workers are free: with {@code auto} an even share (5 trials on 2 workers: 3, then 2), else as
   * many as the limit allows.
   */
  public int packSize(int queued, int workers) {
    int share = spread ? (queued + Math.max(workers, 1) - 1) / Math.max(workers, 1) : queued;
    return Math.max(1, Math.min(limit, Math.min(share, queued)));
  }
}
