package dev.netshrink.workers.prune;

/** Fine-tunes a copy of a pruned network and measures it again; the sweeps call it per point. */
@FunctionalInterface
public interface FineTuner {

  /** Fine-tunes nothing: every point keeps NaN as its fine-tuned accuracy. */
  FineTuner NONE = (parameters, widths, zeroMasks) -> Double.NaN;

  /**
   * Trains a copy of a pruned network and measures it.
   *
   * @param parameters the pruned network's checkpoint
   * @param widths its channel widths when structured pruning changed them, else null
   * @param zeroMasks per convolution weight (network order), 1 where a weight may train and 0 where
   *     it was pruned and must stay zero; null when nothing is masked
   * @return the test accuracy after fine-tuning
   */
  double fineTune(byte[] parameters, int[] widths, java.util.List<float[]> zeroMasks)
      throws Exception;
}
