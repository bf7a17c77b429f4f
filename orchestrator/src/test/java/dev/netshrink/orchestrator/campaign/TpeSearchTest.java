package dev.netshrink.orchestrator.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.TrialsAdded;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.spec.CampaignSpec;
import dev.netshrink.protocol.spec.SpecValidator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TPE proposes where the results were good, reproducibly, never more than its budget. */
class TpeSearchTest {

  private static final CampaignSpec SPEC =
      SpecValidator.load(
          """
          name: tpe
          seed: 11
          distillation: {baseline: false}
          pruning: {models: []}
          search:
            strategy: tpe
            trials: 40
            startup: 12
            parallel: 1
            space:
              alpha: {uniform: [0.0, 1.0]}
              temperature: {choice: [1, 2, 4, 8]}
              learningRate: {logUniform: [0.0001, 0.1]}
          """,
          false);

  private final CampaignState state = new CampaignState("c1", SPEC, 0L, new AttemptLimits(2, 2));
  private final List<TrialsAdded.Added> proposed = new ArrayList<>();

  /** Best at alpha 0.8, T 4 and a learning rate of 0.003; every miss costs accuracy. */
  private static double accuracy(TrialPlan p) {
    return 0.95
        - Math.abs(p.alpha() - 0.8) * 0.3
        - (p.temperature() == 4.0 ? 0 : 0.05)
        - Math.abs(Math.log10(p.settings().learningRate() / 0.003)) * 0.05;
  }

  @Test
  void afterItsRandomStartItProposesNearTheBestResultsOneAtATimeUpToItsBudget() {
    run();

    assertThat(state.trials.values().stream().filter(t -> t.plan.settings() != null)).hasSize(40);
    assertThat(proposed).hasSize(28);
    assertThat(proposed.get(0).name()).isEqualTo("tpe-13");
    List<TrialPlan> startup =
        state.trials.values().stream()
            .map(t -> t.plan)
            .filter(p -> p.name().startsWith("rand-"))
            .toList();
    double randomMiss =
        startup.stream().mapToDouble(p -> Math.abs(p.alpha() - 0.8)).average().orElseThrow();
    double tpeMiss =
        proposed.subList(14, 28).stream()
            .mapToDouble(a -> Math.abs(a.alpha() - 0.8))
            .average()
            .orElseThrow();
    long atFour = proposed.subList(14, 28).stream().filter(a -> a.temperature() == 4.0).count();
    System.out.printf(
        "tpe: mean |alpha - 0.8| %.3f over the random start, %.3f over the last 14 proposals;"
            + " T = 4 in %d of them%n",
        randomMiss, tpeMiss, atFour);
    assertThat(tpeMiss).isLessThan(randomMiss / 2);
    assertThat(atFour).isGreaterThan(14 / 4);
    double bestRandom = startup.stream().mapToDouble(TpeSearchTest::accuracy).max().orElseThrow();
    double bestTpe =
        state.trials.values().stream()
            .filter(t -> t.plan.name().startsWith("tpe-"))
            .mapToDouble(t -> accuracy(t.plan))
            .max()
            .orElseThrow();
    assertThat(bestTpe).isGreaterThan(bestRandom);
  }

  @Test
  void theSameResultsGiveTheSameProposals() {
    run();
    TpeSearchTest again = new TpeSearchTest();
    again.run();

    assertThat(again.proposed).isEqualTo(proposed);
  }

  /** The teacher, then each trial completes as soon as it is queued, with its accuracy. */
  private void run() {
    RunJob teacher = decide().get(0);
    CampaignEvents.teacherRun(teacher).forEach(state::apply);
    for (int round = 0; round < 100; round++) {
      TpeSearch.propose(state)
          .ifPresent(
              added -> {
                proposed.addAll(added.trials());
                assertThat(state.apply(added)).isTrue();
              });
      List<RunJob> queued = decide();
      if (queued.isEmpty()) {
        break;
      }
      for (RunJob job : queued) {
        TrialPlan plan = state.trials.get(job.trialId()).plan;
        state.apply(CampaignEvents.completed(job, accuracy(plan)));
      }
    }
  }

  private List<RunJob> decide() {
    List<RunJob> queued = new ArrayList<>();
    for (Decision d : CampaignScheduler.decide(state)) {
      state.apply(d.recorded(CampaignEvent.newId(), 1L));
      if (d instanceof Decision.Queue q) {
        queued.add(q.job());
      }
    }
    return queued;
  }
}
