package dev.netshrink.cli;

import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.event.PrunePointMeasured;
import java.util.List;

/** Finds one point of a pruning sweep among the events. */
final class PrunePoints {

  private PrunePoints() {}

  /** The points the sweep's events carry, in the order they were measured. */
  static List<PrunePoint> of(List<PrunePointMeasured> events) {
    return events.stream().map(PrunePointMeasured::point).toList();
  }

  static PrunePoint find(List<PrunePoint> points, String model, double ratio) {
    return find(points, model, "l1-unstructured", ratio);
  }

  static PrunePoint find(List<PrunePoint> points, String model, String method, double ratio) {
    return points.stream().filter(p -> p.model().equals(model) && p.method().equals(method)
        && p.ratio() == ratio).findFirst().orElseThrow();
  }
}
