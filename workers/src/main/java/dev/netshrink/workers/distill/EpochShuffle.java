package dev.netshrink.workers.distill;

import java.util.SplittableRandom;

/**
 * The order images are visited in during one epoch, and which of them are mirrored. Derived from
 * (seed, epoch) alone, so a run resumed at epoch k visits exactly the batches an uninterrupted run
 * would have.
 */
public final class EpochShuffle {

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private EpochShuffle() {}

  /** A Fisher-Yates permutation of {@code 0..count-1} for the given epoch (1-based). */
  public static int[] permutation(int count, long seed, int epoch) {
    SplittableRandom random = new SplittableRandom(seed + GOLDEN_GAMMA * epoch);
    int[] order = new int[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    for (int i = count - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }

  /** For each visiting position, whether to mirror that image this epoch (about half of them). */
  public static boolean[] mirrorFlags(int count, long seed, int epoch) {
    // A stream independent of the permutation's, so turning mirroring on keeps the same order.
    SplittableRandom random = new SplittableRandom(~(seed + GOLDEN_GAMMA * epoch));
    boolean[] mirror = new boolean[count];
    for (int i = 0; i < count; i++) {
      mirror[i] = random.nextBoolean();
    }
    return mirror;
  }
}
