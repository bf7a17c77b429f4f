package dev.netshrink.workers.prune;

import ai.djl.nn.Block;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.eval.InferenceLatency;
import dev.netshrink.workers.eval.InferenceLatency.Latency;

/**
 * How a sweep times a pruned network: alone, or batch for batch alternated with the dense original
 * ({@link InferenceLatency#paired}). Alone, a slice's latencies drift with the moment and the
 * process they were taken in (the demo's teacher column stepped up by a third between two slices of
 * one campaign); alternated, each point's ratio to the dense network does not.
 */
@FunctionalInterface
public interface LatencyTimer {

  /** A network's latency, and the dense network's timed alternately with it (null when alone). */
  record Timed(Latency latency, Latency dense) {}

  Timed time(Block pruned, ImageDataset eval, int batchSize);

  /** Each network on its own: what a benchmark of one network, or a schedule's round, takes. */
  LatencyTimer ALONE =
      (pruned, eval, batchSize) ->
          new Timed(InferenceLatency.measure(pruned, eval, batchSize), null);

  /** Each network alternated with {@code dense}, which nothing may change meanwhile. */
  static LatencyTimer against(Block dense) {
    return (pruned, eval, batchSize) -> {
      InferenceLatency.Paired both = InferenceLatency.paired(pruned, dense, eval, batchSize);
      return new Timed(both.subject(), both.reference());
    };
  }
}
