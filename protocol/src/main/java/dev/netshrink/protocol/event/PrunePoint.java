package dev.netshrink.protocol.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.netshrink.protocol.spec.ModelRole;
import dev.netshrink.protocol.spec.PruningMethod;
import dev.netshrink.protocol.wire.Checks;
import java.util.List;
import java.util.OptionalDouble;

/**
 * One point of a pruning sweep, as measured and as shown: {@code model} with {@code ratio} pruned
 * away by {@code method}. {@code nonZeroWeights} of {@code prunableWeights} are the convolution
 * weights left; {@code parameters} counts the trainable parameters still non-zero (the whole model,
 * BatchNorm and linear layers included); {@code latencySeconds} is the median inference time of one
 * batch of {@code latencyBatchSize} images; {@code macs} the multiply-accumulates one image costs
 * as the network actually runs (a masked network still computes its zeros); {@code
 * fineTunedAccuracy} the accuracy after fine-tuning, NaN when the spec asks for none; {@code kept}
 * where the pruned network itself is (null when it was measured only); {@code stage} the round of a
 * {@code pruning.schedule} it belongs to (null for a point of the sweep); {@code layer} the one
 * layer pruned alone, for a point of a sensitivity analysis (null when the whole network was);
 * {@code layerRatios} the ratio of each layer when they were chosen per layer from that analysis
 * for the target (null when every layer was pruned alike), {@code ratio} then being the share of
 * all convolution weights removed; {@code fineTunedKept} where the sweep's fine-tuned copy of the
 * pruned network is (null when it was not fine-tuned). A scheduled point is measured after its
 * pruning ({@code accuracy}) and after its fine-tuning ({@code fineTunedAccuracy}), and the network
 * kept is the fine-tuned one. {@code latencySpread} is the 10th to 90th percentile of the timed
 * batches around {@code latencySeconds} (null in records written before it was measured). {@code
 * denseLatencySeconds} is the unpruned network's median timed in the same process, batch for batch
 * alternated with this one, so that {@code latencySeconds / denseLatencySeconds} is free of the
 * drift between moments and processes that moves both alike (null where it was not timed so).
 */
public record PrunePoint(
    ModelRole model,
    PruningMethod method,
    double ratio,
    double accuracy,
    long nonZeroWeights,
    long prunableWeights,
    long parameters,
    double latencySeconds,
    int latencyBatchSize,
    long macs,
    double fineTunedAccuracy,
    KeptModel kept,
    @JsonInclude(JsonInclude.Include.NON_NULL) PruneStage stage,
    @JsonInclude(JsonInclude.Include.NON_NULL) String layer,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<Double> layerRatios,
    @JsonInclude(JsonInclude.Include.NON_NULL) KeptModel fineTunedKept,
    @JsonInclude(JsonInclude.Include.NON_NULL) LatencySpread latencySpread,
    @JsonInclude(JsonInclude.Include.NON_NULL) Double denseLatencySeconds) {

  /** A point measured only: its network was not kept. */
  public PrunePoint(
      ModelRole model,
      PruningMethod method,
      double ratio,
      double accuracy,
      long nonZeroWeights,
      long prunableWeights,
      long parameters,
      double latencySeconds,
      int latencyBatchSize,
      long macs,
      double fineTunedAccuracy) {
    this(
        model,
        method,
        ratio,
        accuracy,
        nonZeroWeights,
        prunableWeights,
        parameters,
        latencySeconds,
        latencyBatchSize,
        macs,
        fineTunedAccuracy,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /**
   * Whether it is a point of the sweep: the whole network pruned alike at {@code ratio}, not a
   * schedule's round, a layer pruned alone or a network pruned per layer.
   */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isSweepPoint() {
    return stage == null && layer == null && layerRatios == null;
  }

  /** The same point, with its network kept. */
  public PrunePoint withKept(KeptModel kept) {
    return with(kept, stage, layer, layerRatios, fineTunedKept, latencySpread, denseLatencySeconds);
  }

  /** The same point, as round {@code stage} of a schedule. */
  public PrunePoint withStage(PruneStage stage) {
    return with(kept, stage, layer, layerRatios, fineTunedKept, latencySpread, denseLatencySeconds);
  }

  /** The same point, as {@code layer} pruned alone (a sensitivity analysis). */
  public PrunePoint withLayer(String layer) {
    return with(kept, stage, layer, layerRatios, fineTunedKept, latencySpread, denseLatencySeconds);
  }

  /** The same point, pruned with {@code ratios} per layer. */
  public PrunePoint withLayerRatios(List<Double> ratios) {
    return with(
        kept, stage, layer, List.copyOf(ratios), fineTunedKept, latencySpread, denseLatencySeconds);
  }

  /** The same point, with its fine-tuned copy kept. */
  public PrunePoint withFineTunedKept(KeptModel fineTuned) {
    return with(kept, stage, layer, layerRatios, fineTuned, latencySpread, denseLatencySeconds);
  }

  /** The same point, with the spread of its timed batches. */
  public PrunePoint withLatencySpread(LatencySpread spread) {
    return with(kept, stage, layer, layerRatios, fineTunedKept, spread, denseLatencySeconds);
  }

  /** The same point, with the dense network's latency timed alternately with it. */
  public PrunePoint withDenseLatency(double seconds) {
    return with(kept, stage, layer, layerRatios, fineTunedKept, latencySpread, seconds);
  }

  /**
   * Its latency as a share of the dense network's timed alternately with it; empty for a point
   * timed alone (or with a dense time of 0).
   */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public OptionalDouble latencyVsDense() {
    return denseLatencySeconds == null || denseLatencySeconds <= 0
        ? OptionalDouble.empty()
        : OptionalDouble.of(latencySeconds / denseLatencySeconds);
  }

  /** The measurements of this point, with where it came from and where it is kept replaced. */
  private PrunePoint with(
      KeptModel kept,
      PruneStage stage,
      String layer,
      List<Double> layerRatios,
      KeptModel fineTunedKept,
      LatencySpread latencySpread,
      Double denseLatencySeconds) {
    return new PrunePoint(
        model,
        method,
        ratio,
        accuracy,
        nonZeroWeights,
        prunableWeights,
        parameters,
        latencySeconds,
        latencyBatchSize,
        macs,
        fineTunedAccuracy,
        kept,
        stage,
        layer,
        layerRatios,
        fineTunedKept,
        latencySpread,
        denseLatencySeconds);
  }

  /** What a sweep can measure: a known model and method, shares in 0..1, counts not negative. */
  public void validate() {
    Checks.present(model, "model");
    Checks.present(method, "method");
    Checks.fraction(ratio, "ratio");
    Checks.fractionOrNaN(accuracy, "accuracy");
    Checks.atLeast(nonZeroWeights, 0, "nonZeroWeights");
    Checks.atLeast(prunableWeights, nonZeroWeights, "prunableWeights");
    Checks.atLeast(parameters, 0, "parameters");
    Checks.nonNegative(latencySeconds, "latencySeconds");
    Checks.atLeast(latencyBatchSize, 0, "latencyBatchSize");
    Checks.atLeast(macs, 0, "macs");
    Checks.fractionOrNaN(fineTunedAccuracy, "fineTunedAccuracy");
    if (kept != null) {
      kept.validate();
    }
    if (stage != null) {
      stage.validate();
    }
    if (layer != null) {
      Checks.id(layer, "layer");
    }
    if (layerRatios != null) {
      layerRatios.forEach(r -> Checks.fraction(r, "layerRatios"));
    }
    if (fineTunedKept != null) {
      fineTunedKept.validate();
    }
    if (latencySpread != null) {
      latencySpread.validate();
    }
    if (denseLatencySeconds != null) {
      Checks.nonNegative(denseLatencySeconds, "denseLatencySeconds");
    }
  }
}
