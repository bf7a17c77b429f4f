package dev.netshrink.cli;

import dev.netshrink.protocol.event.PrunePointMeasured;
import java.util.List;

/** Finds one point of a pruning sweep among the events. */
final class PrunePoints {

  private PrunePoints() {}

  static PrunePointMeasured find(List<PrunePointMeasured> points, String model, double ratio) {
    return find(points, model, "l1-unstructured", ratio);
  }

  static PrunePointMeasured find(List<PrunePointMeasured> points, String model, String method,
      double ratio) {
    return points.stream().filter(p -> p.model().equals(model) && p.method().equals(method)
        && p.ratio() == ratio).findFirst().orElseThrow();
  }
}
