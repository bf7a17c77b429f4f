package dev.netshrink.orchestrator.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.TrialsAdded;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.spec.SpecLimits;
import dev.netshrink.protocol.view.AddOrder;
import dev.netshrink.protocol.view.TrialView;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddedTrialsTest {

  private static final SpecLimits LIMITS = new SpecLimits(100, 100, 8, 1000, 1_000_000);
  private static final AttemptLimits ATTEMPTS = new AttemptLimits(2, 2);

  @Test
  void aGridGrowsByEveryPointOfItsExtendedListsAndTheAddedTrialsRunBeforeThePruning() {
    CampaignState state = new CampaignState("c1", CampaignEvents.SPEC, 0L, ATTEMPTS);

    ControlDecisions.Plan plan =
        AddedTrials.plan(state, new AddOrder(List.of(0.7), List.of(8.0), null), LIMITS);

    assertThat(plan.trials())
        .containsExactly("kd-a0.5-t8", "kd-a0.9-t8", "kd-a0.7-t4", "kd-a0.7-t8");
    assertThat(state.apply(plan.event())).isTrue();
    assertThat(state.view().trials())
        .extracting(TrialView::name)
        .containsExactly(
            "teacher",
            "kd-a0.5-t4",
            "kd-a0.9-t4",
            "ce-baseline",
            "kd-a0.5-t8",
            "kd-a0.9-t8",
            "kd-a0.7-t4",
            "kd-a0.7-t8",
            "prune-student-l1-unstructured");
    // replayed, the event adds the same trials to a fresh state
    CampaignState replayed = new CampaignState("c1", CampaignEvents.SPEC, 0L, ATTEMPTS);
    assertThat(replayed.apply(plan.event())).isTrue();
    assertThat(replayed.view().trials()).isEqualTo(state.view().trials());
  }

  @Test
  void aRandomSearchAddsTheNextPointsOfItsSequence() {
    var spec = SearchSpecs.random(3, "{rule: none}");
    CampaignState state = new CampaignState("c1", spec, 0L, ATTEMPTS);

    ControlDecisions.Plan plan = AddedTrials.plan(state, new AddOrder(null, null, 2), LIMITS);

    assertThat(plan.trials()).containsExactly("rand-04", "rand-05");
    List<TrialsAdded.Added> added = ((TrialsAdded) plan.event()).trials();
    List<TrialPlan> five = RandomSearch.draw("c1", spec, 0, 5);
    assertThat(added.get(0).settings()).isEqualTo(five.get(3).settings());
    assertThat(added.get(1).alpha()).isEqualTo(five.get(4).alpha());
  }

  @Test
  void ordersThatDoNotFitTheCampaignAreRefusedNamingTheField() {
    CampaignState grid = new CampaignState("c1", CampaignEvents.SPEC, 0L, ATTEMPTS);
    CampaignState random =
        new CampaignState("c2", SearchSpecs.random(3, "{rule: none}"), 0L, ATTEMPTS);

    assertThat(reason(grid, new AddOrder(null, null, 3)))
        .isEqualTo("trials: a grid campaign adds points by alphas and temperatures");
    assertThat(reason(grid, new AddOrder(List.of(0.5), List.of(4.0), null)))
        .startsWith("alphas, temperatures: adds no trial");
    assertThat(reason(grid, new AddOrder(List.of(1.5), null, null)))
        .isEqualTo("alphas[0]: 1.5 is outside [0, 1]");
    assertThat(reason(random, new AddOrder(List.of(0.5), null, null)))
        .isEqualTo("alphas, temperatures: a random search adds drawn points: give trials");
    assertThat(reason(random, new AddOrder(null, null, 10)))
        .isEqualTo("trials: 14 students would be more than the 8 allowed");
  }

  @Test
  void nothingIsAddedOnceThePruningStarted() {
    CampaignState state = new CampaignState("c1", CampaignEvents.SPEC, 0L, ATTEMPTS);
    Decision teacher = CampaignScheduler.decide(state).get(0);
    state.apply(teacher.recorded(CampaignEvent.newId(), 1L));
    CampaignEvents.teacherRun(((Decision.Queue) teacher).job()).forEach(state::apply);
    for (Decision d : CampaignScheduler.decide(state)) {
      state.apply(d.recorded(CampaignEvent.newId(), 1L));
      RunJob job = ((Decision.Queue) d).job();
      state.apply(CampaignEvents.completed(job, 0.8));
    }
    CampaignScheduler.decide(state).forEach(d -> state.apply(d.recorded("p", 1L)));

    ControlDecisions.Plan plan =
        AddedTrials.plan(state, new AddOrder(List.of(0.7), null, null), LIMITS);

    assertThat(plan.refused().refusal()).isEqualTo(CampaignActor.Refusal.CONFLICT);
    assertThat(plan.refused().reason()).startsWith("the pruning has started");
  }

  private static String reason(CampaignState state, AddOrder order) {
    ControlDecisions.Plan plan = AddedTrials.plan(state, order, LIMITS);
    assertThat(plan.refused()).as("%s refused", order).isNotNull();
    assertThat(plan.refused().refusal()).isEqualTo(CampaignActor.Refusal.INVALID);
    return plan.refused().reason();
  }
}
