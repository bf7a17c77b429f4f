package dev.netshrink.protocol.view;

import dev.netshrink.protocol.spec.TargetSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The campaign's answer to its target: the most accurate of its models that fits ({@code chosen},
 * {@code met}), or, when none does, the one that comes {@code closest} and why it misses; and the
 * Pareto fronts of accuracy against parameters, against MACs per image and against inference
 * latency (on a front, no other model is as accurate at as little cost, one of the two strictly;
 * the fronts by MACs and latency hold only the models those were measured for). A measure a model
 * lacks (MACs and latency of a student the sweep did not measure) counts as not meeting a bound on
 * it.
 */
public record TargetChoice(
    String target,
    String chosen,
    boolean met,
    String closest,
    String reason,
    List<String> front,
    List<String> frontByMacs,
    List<String> frontByLatency) {

  public TargetChoice {
    front = List.copyOf(front);
    frontByMacs = List.copyOf(frontByMacs);
    frontByLatency = List.copyOf(frontByLatency);
  }

  public static TargetChoice of(List<ModelView> models, TargetSpec target, Double teacherAccuracy) {
    List<ModelView> candidates = models.stream().filter(m -> m.accuracy() != null).toList();
    Double minAccuracy =
        target.minAccuracy() != null
            ? target.minAccuracy()
            : target.maxAccuracyDrop() != null && teacherAccuracy != null
                ? teacherAccuracy - target.maxAccuracyDrop()
                : null;
    Optional<ModelView> best =
        candidates.stream()
            .filter(m -> excess(m, target, minAccuracy) <= 0)
            .max(
                Comparator.comparingDouble(ModelView::accuracy).thenComparing(m -> -parameters(m)));
    List<String> front = paretoFront(candidates);
    List<String> byMacs = paretoFront(candidates, m -> m.macs() == null ? null : m.macs() * 1.0);
    List<String> byLatency = paretoFront(candidates, ModelView::latencyMs);
    if (best.isPresent()) {
      return new TargetChoice(
          target.describe(),
          best.get().id(),
          true,
          best.get().id(),
          "fits every bound",
          front,
          byMacs,
          byLatency);
    }
    Optional<ModelView> closest =
        candidates.stream().min(Comparator.comparingDouble(m -> excess(m, target, minAccuracy)));
    return new TargetChoice(
        target.describe(),
        null,
        false,
        closest.map(ModelView::id).orElse(null),
        closest.map(m -> misses(m, target, minAccuracy)).orElse("the campaign has no models yet"),
        front,
        byMacs,
        byLatency);
  }

  /** How far {@code m} is over its worst bound, relative to the bound; at most 0 when it fits. */
  private static double excess(ModelView m, TargetSpec t, Double minAccuracy) {
    double worst = Double.NEGATIVE_INFINITY;
    if (t.maxParams() != null) {
      worst = Math.max(worst, over(m.parameters(), t.maxParams()));
    }
    if (t.maxMacs() != null) {
      worst = Math.max(worst, over(m.macs(), t.maxMacs()));
    }
    if (t.maxLatencyMs() != null) {
      worst = Math.max(worst, over(m.latencyMs(), t.maxLatencyMs()));
    }
    if (minAccuracy != null) {
      worst = Math.max(worst, (minAccuracy - m.accuracy()) / Math.max(minAccuracy, 1e-9));
    }
    return worst == Double.NEGATIVE_INFINITY ? 0 : worst;
  }

  private static double over(Number value, double bound) {
    return value == null ? Double.POSITIVE_INFINITY : (value.doubleValue() - bound) / bound;
  }

  private static String misses(ModelView m, TargetSpec t, Double minAccuracy) {
    List<String> why = new ArrayList<>();
    if (t.maxParams() != null && over(m.parameters(), t.maxParams()) > 0) {
      why.add(String.format("%,d parameters > %,d", m.parameters(), t.maxParams()));
    }
    if (t.maxMacs() != null && over(m.macs(), t.maxMacs()) > 0) {
      why.add(m.macs() == null ? "MACs not measured" : m.macs() + " MACs > " + t.maxMacs());
    }
    if (t.maxLatencyMs() != null && over(m.latencyMs(), t.maxLatencyMs()) > 0) {
      why.add(
          m.latencyMs() == null
              ? "latency not measured"
              : String.format("%.2f ms > %.2f ms", m.latencyMs(), t.maxLatencyMs()));
    }
    if (minAccuracy != null && m.accuracy() < minAccuracy) {
      why.add(String.format("accuracy %.4f < %.4f", m.accuracy(), minAccuracy));
    }
    return String.join("; ", why);
  }

  /**
   * The ids of the non-dominated models by parameters, fewest first, in one pass over them sorted
   * by parameters: a model is on the front when it is the most accurate of its parameter count
   * (ties included) and more accurate than every smaller model.
   */
  public static List<String> paretoFront(List<ModelView> models) {
    return paretoFront(models, m -> (double) parameters(m));
  }

  /**
   * The front of accuracy against {@code cost}, cheapest first; a model whose cost is null is left
   * out.
   */
  static List<String> paretoFront(List<ModelView> models, Function<ModelView, Double> cost) {
    List<ModelView> candidates =
        models.stream().filter(m -> m.accuracy() != null && cost.apply(m) != null).toList();
    // TreeMap by cost; each list keeps the candidates' order, as a stable sort would
    TreeMap<Double, List<ModelView>> byCost = new TreeMap<>();
    candidates.forEach(m -> byCost.computeIfAbsent(cost.apply(m), k -> new ArrayList<>()).add(m));
    List<String> front = new ArrayList<>();
    double bestSmaller = Double.NEGATIVE_INFINITY;
    for (List<ModelView> same : byCost.values()) {
      double best = same.stream().mapToDouble(ModelView::accuracy).max().orElseThrow();
      if (best > bestSmaller) {
        same.stream().filter(m -> m.accuracy() == best).map(ModelView::id).forEach(front::add);
        bestSmaller = best;
      }
    }
    return front;
  }

  private static long parameters(ModelView m) {
    return m.parameters() == null ? Long.MAX_VALUE : m.parameters();
  }
}
