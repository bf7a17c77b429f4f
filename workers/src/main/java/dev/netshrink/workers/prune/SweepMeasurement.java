package dev.netshrink.workers.prune;

import dev.netshrink.protocol.event.LatencySpread;
import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.spec.ModelRole;
import dev.netshrink.protocol.spec.PruningMethod;
import dev.netshrink.workers.eval.InferenceLatency.Latency;
import java.util.Optional;

/**
 * What a sweep measured of a network after pruning {@code ratio} of its convolution weights: its
 * accuracy, what is left of it, and how long one inference batch takes. The campaign reports it as
 * a {@link PrunePoint}, once the job says which model and method it was.
 *
 * @param nonZeroParameters trainable parameters still non-zero in the whole network
 * @param macs multiply-accumulates per image as the network runs (masked zeros included)
 * @param fineTunedAccuracy accuracy after fine-tuning, NaN when not fine-tuned
 * @param narrowed the narrowed network itself, for a structured point (empty for a masked one: it
 *     would be the dense network again, zeros stored)
 * @param denseLatency the dense network's, timed alternately with this one ({@link LatencyTimer});
 *     null when this one was timed alone
 */
public record SweepMeasurement(
    double ratio,
    double accuracy,
    long nonZeroConvWeights,
    long totalConvWeights,
    long nonZeroParameters,
    Latency latency,
    long macs,
    double fineTunedAccuracy,
    Optional<Narrowed> narrowed,
    Latency denseLatency) {

  /** A channel-pruned network: its widths and its parameters ({@code ModelCheckpoint} bytes). */
  public record Narrowed(int[] widths, byte[] parameters) {}

  /** A point timed alone. */
  public SweepMeasurement(
      double ratio,
      double accuracy,
      long nonZeroConvWeights,
      long totalConvWeights,
      long nonZeroParameters,
      Latency latency,
      long macs,
      double fineTunedAccuracy,
      Optional<Narrowed> narrowed) {
    this(
        ratio,
        accuracy,
        nonZeroConvWeights,
        totalConvWeights,
        nonZeroParameters,
        latency,
        macs,
        fineTunedAccuracy,
        narrowed,
        null);
  }

  /** A point timed alone, whose network is not kept. */
  public SweepMeasurement(
      double ratio,
      double accuracy,
      long nonZeroConvWeights,
      long totalConvWeights,
      long nonZeroParameters,
      Latency latency,
      long macs,
      double fineTunedAccuracy) {
    this(
        ratio,
        accuracy,
        nonZeroConvWeights,
        totalConvWeights,
        nonZeroParameters,
        latency,
        macs,
        fineTunedAccuracy,
        Optional.empty());
  }

  /** The same point, timed as {@code timed} says (alone, or alternated with the dense network). */
  public SweepMeasurement timed(LatencyTimer.Timed timed) {
    return new SweepMeasurement(
        ratio,
        accuracy,
        nonZeroConvWeights,
        totalConvWeights,
        nonZeroParameters,
        timed.latency(),
        macs,
        fineTunedAccuracy,
        narrowed,
        timed.dense());
  }

  /** Fraction of convolution weights that are zero (differs from ratio by rounding per layer). */
  public double sparsity() {
    return totalConvWeights == 0 ? 0 : 1 - (double) nonZeroConvWeights / totalConvWeights;
  }

  /** This measurement as the point of {@code model} pruned by {@code method}. */
  public PrunePoint asPrunePoint(ModelRole model, PruningMethod method) {
    return asPrunePoint(model, method, ratio);
  }

  /**
   * Like {@link #asPrunePoint(ModelRole, PruningMethod)}, reported at {@code ratio} of the original
   * network: a schedule's later rounds prune a share of what the earlier ones left.
   */
  public PrunePoint asPrunePoint(ModelRole model, PruningMethod method, double ratio) {
    PrunePoint point =
        new PrunePoint(
                model,
                method,
                ratio,
                accuracy,
                nonZeroConvWeights,
                totalConvWeights,
                nonZeroParameters,
                latency.medianSeconds(),
                latency.batchSize(),
                macs,
                fineTunedAccuracy)
            .withLatencySpread(new LatencySpread(latency.p10Seconds(), latency.p90Seconds()));
    return denseLatency == null ? point : point.withDenseLatency(denseLatency.medianSeconds());
  }
}
