package dev.netshrink.cli;

import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.event.PrunePointMeasured;
import dev.netshrink.protocol.spec.ModelRole;
import dev.netshrink.protocol.spec.PruningMethod;
import java.util.List;

/** Finds one point of a pruning sweep among the events. */
final class PrunePoints {

  private PrunePoints() {}

  /** The points the sweep's events carry, in the order they were measured. */
  static List<PrunePoint> of(List<PrunePointMeasured> events) {
    return events.stream().map(PrunePointMeasured::point).toList();
  }

  static PrunePoint find(List<PrunePoint> points, ModelRole model, double ratio) {
    return find(points, model, PruningMethod.L1_UNSTRUCTURED, ratio);
  }

  static PrunePoint find(
      List<PrunePoint> points, ModelRole model, PruningMethod method, double ratio) {
    return points.stream()
        .filter(p -> p.model() == model && p.method() == method && p.ratio() == ratio)
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no point " + model + "/" + method + "@" + ratio + " among " + points));
  }
}
