package dev.netshrink.protocol.event;

import dev.netshrink.protocol.wire.Checks;

/**
 * How far one latency's timed batches spread: the 10th and 90th percentiles, in seconds per batch.
 * A median alone cannot say whether two points differ by more than noise.
 */
public record LatencySpread(double p10Seconds, double p90Seconds) {

  public void validate() {
    Checks.nonNegative(p10Seconds, "latencySpread.p10Seconds");
    Checks.nonNegative(p90Seconds, "latencySpread.p90Seconds");
    if (p90Seconds < p10Seconds) {
      throw new IllegalArgumentException(
          "latencySpread.p90Seconds " + p90Seconds + " is below p10Seconds " + p10Seconds);
    }
  }
}
