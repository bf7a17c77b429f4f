package dev.netshrink.workers.prune;

/**
 * How structured pruning picks the channels a group keeps: by the Ln {@code norm} of their filters,
 * and how many, rounded to a multiple of {@code roundTo} (at least {@code roundTo}, never more than
 * the group has), like Torch-Pruning's {@code round_to}.
 *
 * <p>Why round: the CPU's convolution kernels are fastest on channel counts that fill their vector
 * registers. Measured on the demo's student in one quiet process, 0.75 of its channels removed ran
 * in 5.2 ms per batch of 256 and 0.80 removed, with less work, in 7.3 ms: widths of 8, 16, 32, 48
 * against 6, 13, 26, 38. With counts rounded to a multiple of 8, a sweep's latency falls as its
 * work does.
 */
public record ChannelRule(int norm, int roundTo) {

  public ChannelRule {
    if (norm < 1) {
      throw new IllegalArgumentException("norm must be at least 1, was " + norm);
    }
    if (roundTo < 1) {
      throw new IllegalArgumentException("roundTo must be at least 1, was " + roundTo);
    }
  }

  /** By the Ln {@code norm}, counts not rounded: {@code ln_structured} exactly. */
  public static ChannelRule of(int norm) {
    return new ChannelRule(norm, 1);
  }

  /**
   * How many of {@code channels} to keep when {@code wanted} would be kept unrounded: the nearest
   * of the multiples of {@code roundTo} and the whole group (Torch-Pruning rounds down, which on a
   * group of 32 turns a 5% cut into 25%; the nearest count stays as close to the asked ratio as the
   * rounding allows).
   */
  int kept(int wanted, int channels) {
    // removing nothing leaves the network as it is, whatever its widths
    if (roundTo == 1 || wanted >= channels || channels <= roundTo) {
      return wanted;
    }
    int below = Math.max(roundTo, wanted - wanted % roundTo);
    int above = Math.min(channels, below + roundTo);
    // a tie goes down, as Torch-Pruning always rounds
    return wanted - below <= above - wanted ? below : above;
  }
}
