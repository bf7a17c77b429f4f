package dev.netshrink.orchestrator.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.spec.ModelRole;
import dev.netshrink.protocol.spec.PruningMethod;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-layer ratios for a parameter budget, cheapest accuracy per parameter first. */
class LayerBudgetTest {

  /** Two layers of 1,000 parameters in a network of 3,000: "a" barely matters, "b" does. */
  private final List<PrunePoint> analysis = new ArrayList<>();

  LayerBudgetTest() {
    double[] ratios = {0.0, 0.5, 0.9};
    double[] robust = {0.90, 0.89, 0.85};
    double[] fragile = {0.90, 0.60, 0.20};
    for (int i = 0; i < ratios.length; i++) {
      long left = 3_000 - Math.round(1_000 * ratios[i]);
      analysis.add(point("a", ratios[i], robust[i], left));
      analysis.add(point("b", ratios[i], fragile[i], left));
    }
  }

  @Test
  void theRobustLayerGoesFirstAndAsFarAsTheBudgetNeeds() {
    LayerBudget.Plan plan = LayerBudget.choose(analysis, 2_500);

    assertThat(plan.ratios()).containsExactly(0.5, 0.0);
    assertThat(plan.predictedParameters()).isEqualTo(2_500);
    assertThat(plan.predictedDrop()).isCloseTo(0.01, org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void aTightBudgetTakesTheFragileLayerOnlyOnceTheRobustOneIsSpent() {
    LayerBudget.Plan plan = LayerBudget.choose(analysis, 2_000);

    assertThat(plan.ratios()).containsExactly(0.9, 0.5);
    assertThat(plan.predictedParameters()).isEqualTo(1_600);
  }

  @Test
  void aBudgetOutOfReachPrunesEveryLayerToItsLastRatio() {
    LayerBudget.Plan plan = LayerBudget.choose(analysis, 100);

    assertThat(plan.ratios()).containsExactly(0.9, 0.9);
    assertThat(plan.predictedParameters()).isEqualTo(1_200);
  }

  @Test
  void aBudgetAlreadyMetPrunesNothing() {
    assertThat(LayerBudget.choose(analysis, 5_000).ratios()).containsExactly(0.0, 0.0);
  }

  private static PrunePoint point(String layer, double ratio, double accuracy, long parameters) {
    return new PrunePoint(
            ModelRole.STUDENT,
            PruningMethod.L1_UNSTRUCTURED,
            ratio,
            accuracy,
            0,
            0,
            parameters,
            0,
            0,
            0,
            Double.NaN)
        .withLayer(layer);
  }
}
