package dev.netshrink.orchestrator.campaign;

import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.TrialsAdded;
import dev.netshrink.protocol.spec.SearchStrategy;
import dev.netshrink.protocol.spec.SpecLimits;
import dev.netshrink.protocol.view.AddOrder;
import dev.netshrink.protocol.view.TrialStatus;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The students an {@link AddOrder} adds to a running campaign: the extended grid's new points, or
 * the next points of a random search's sequence. Refused, naming the field, when the order does not
 * fit the campaign; refused as a conflict once the pruning has started (it prunes the best of the
 * students as they were) or the campaign was cancelled.
 */
final class AddedTrials {

  private AddedTrials() {}

  static ControlDecisions.Plan plan(CampaignState state, AddOrder order, SpecLimits limits) {
    if (state.cancelled()) {
      return conflict("campaign " + state.campaignId + " was cancelled: nothing more runs");
    }
    boolean pruning =
        state.trials.values().stream()
            .anyMatch(t -> t.plan.kind() == TrialKind.PRUNE && t.status != TrialStatus.WAITING);
    if (pruning) {
      return conflict(
          "the pruning has started: it prunes the best of the students that had ended;"
              + " add trials before it starts");
    }
    if (state.spec.search() != null && state.spec.search().strategy() == SearchStrategy.TPE) {
      return invalid("trials: a tpe search proposes its own points, up to search.trials");
    }
    boolean random =
        state.spec.search() != null && state.spec.search().strategy() == SearchStrategy.RANDOM;
    List<TrialPlan> plans = new ArrayList<>();
    String invalid = random ? drawn(state, order, plans) : grid(state, order, plans);
    if (invalid != null) {
      return invalid(invalid);
    }
    long students =
        state.trials.values().stream().filter(t -> t.plan.kind() == TrialKind.STUDENT).count();
    if (students + plans.size() > limits.maxTrials()) {
      return invalid(
          "trials: "
              + (students + plans.size())
              + " students would be more than the "
              + limits.maxTrials()
              + " allowed");
    }
    List<TrialsAdded.Added> added =
        plans.stream()
            .map(p -> new TrialsAdded.Added(p.name(), p.alpha(), p.temperature(), p.settings()))
            .toList();
    return ControlDecisions.Plan.of(
        new TrialsAdded(CampaignEvent.newId(), state.campaignId, System.currentTimeMillis(), added),
        List.of(),
        plans.stream().map(TrialPlan::name).toList());
  }

  /** The next {@code order.trials} points of the search's sequence, or why not. */
  private static String drawn(CampaignState state, AddOrder order, List<TrialPlan> plans) {
    if (order.alphas() != null || order.temperatures() != null) {
      return "alphas, temperatures: a random search adds drawn points: give trials";
    }
    if (order.trials() == null || order.trials() < 1) {
      return "trials: give how many more points to draw (at least 1)";
    }
    int drawn = (int) state.trials.values().stream().filter(t -> t.plan.settings() != null).count();
    plans.addAll(RandomSearch.draw(state.campaignId, state.spec, drawn, order.trials()));
    return null;
  }

  /** The points of the grid extended by the order's alphas and temperatures it lacks. */
  private static String grid(CampaignState state, AddOrder order, List<TrialPlan> plans) {
    if (order.trials() != null) {
      return "trials: a grid campaign adds points by alphas and temperatures";
    }
    List<Double> newAlphas = order.alphas() == null ? List.of() : order.alphas();
    List<Double> newTemperatures = order.temperatures() == null ? List.of() : order.temperatures();
    if (newAlphas.isEmpty() && newTemperatures.isEmpty()) {
      return "alphas, temperatures: give at least one to extend the grid";
    }
    for (int i = 0; i < newAlphas.size(); i++) {
      Double a = newAlphas.get(i);
      if (a == null || !(a >= 0 && a <= 1)) {
        return "alphas[" + i + "]: " + a + " is outside [0, 1]";
      }
    }
    for (int i = 0; i < newTemperatures.size(); i++) {
      Double t = newTemperatures.get(i);
      if (t == null || !(t > 0) || t.isInfinite()) {
        return "temperatures[" + i + "]: " + t + " must be a finite number greater than 0";
      }
    }
    Set<Double> alphas = new LinkedHashSet<>();
    Set<Double> temperatures = new LinkedHashSet<>();
    for (TrialRecord t : state.trials.values()) {
      if (t.plan.kind() == TrialKind.STUDENT && !t.plan.isBaseline()) {
        alphas.add(t.plan.alpha());
        temperatures.add(t.plan.temperature());
      }
    }
    alphas.addAll(newAlphas);
    temperatures.addAll(newTemperatures);
    for (double a : alphas) {
      for (double t : temperatures) {
        String name = TrialPlan.gridName(a, t);
        if (!state.trials.containsKey(state.campaignId + "/" + name)) {
          plans.add(TrialPlan.added(state.campaignId, new TrialsAdded.Added(name, a, t, null)));
        }
      }
    }
    return plans.isEmpty()
        ? "alphas, temperatures: adds no trial: every point of the extended grid is there already"
        : null;
  }

  private static ControlDecisions.Plan conflict(String reason) {
    return ControlDecisions.Plan.refusing(
        new CampaignActor.Refused(CampaignActor.Refusal.CONFLICT, reason));
  }

  private static ControlDecisions.Plan invalid(String reason) {
    return ControlDecisions.Plan.refusing(
        new CampaignActor.Refused(CampaignActor.Refusal.INVALID, reason));
  }
}
