package dev.netshrink.orchestrator.campaign;

import dev.netshrink.protocol.event.PrunePoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-layer ratios from a layer sensitivity analysis, for a parameter budget: each layer starts
 * unpruned and, step by step, the layer whose next measured ratio costs the least accuracy per
 * parameter it saves goes one ratio further, until the predicted count fits (or every layer is at
 * its last ratio). The prediction adds the layers' savings and drops as measured alone, the
 * heuristic Distiller and NNI use; the network built from the ratios is measured, not trusted.
 */
public final class LayerBudget {

  /** The ratio per layer (in the analysis's layer order), and what the sums predict. */
  public record Plan(List<Double> ratios, long predictedParameters, double predictedDrop) {}

  private LayerBudget() {}

  /**
   * The ratios for {@code maxParams}.
   *
   * @param analysis the points of one model and method, each with its layer, ratio 0 included
   */
  public static Plan choose(List<PrunePoint> analysis, long maxParams) {
    Map<String, List<PrunePoint>> curves = new LinkedHashMap<>();
    for (PrunePoint p : analysis) {
      curves.computeIfAbsent(p.layer(), k -> new ArrayList<>()).add(p);
    }
    List<List<PrunePoint>> layers = new ArrayList<>();
    for (List<PrunePoint> curve : curves.values()) {
      List<PrunePoint> sorted = new ArrayList<>(curve);
      sorted.sort(java.util.Comparator.comparingDouble(PrunePoint::ratio));
      layers.add(sorted);
    }
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("no sensitivity points to choose from");
    }
    PrunePoint dense = layers.get(0).get(0);
    long parameters = dense.parameters();
    double drop = 0;
    int[] at = new int[layers.size()];
    while (parameters > maxParams) {
      int best = -1;
      double bestCost = Double.POSITIVE_INFINITY;
      for (int l = 0; l < layers.size(); l++) {
        List<PrunePoint> curve = layers.get(l);
        if (at[l] + 1 >= curve.size()) {
          continue;
        }
        PrunePoint now = curve.get(at[l]);
        PrunePoint next = curve.get(at[l] + 1);
        long saved = now.parameters() - next.parameters();
        if (saved <= 0) {
          continue;
        }
        double cost = (now.accuracy() - next.accuracy()) / saved;
        if (cost < bestCost) {
          bestCost = cost;
          best = l;
        }
      }
      if (best < 0) {
        break; // every layer is at its last ratio: the budget cannot be met this way
      }
      List<PrunePoint> curve = layers.get(best);
      parameters -= curve.get(at[best]).parameters() - curve.get(at[best] + 1).parameters();
      drop += curve.get(at[best]).accuracy() - curve.get(at[best] + 1).accuracy();
      at[best]++;
    }
    List<Double> ratios = new ArrayList<>();
    for (int l = 0; l < layers.size(); l++) {
      ratios.add(layers.get(l).get(at[l]).ratio());
    }
    return new Plan(List.copyOf(ratios), parameters, drop);
  }
}
