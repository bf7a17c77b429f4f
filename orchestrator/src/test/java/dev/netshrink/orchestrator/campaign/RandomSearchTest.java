package dev.netshrink.orchestrator.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.protocol.spec.CampaignSpec;
import dev.netshrink.protocol.spec.StudentShape;
import dev.netshrink.protocol.view.TrialSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class RandomSearchTest {

  private static final CampaignSpec SPEC = SearchSpecs.random(40, "{rule: none}");

  @Test
  void theSameSpecDrawsTheSameTrials() {
    assertThat(RandomSearch.draw("c1", SPEC))
        .isEqualTo(
            RandomSearch.draw("c2", SPEC).stream()
                .map(
                    p ->
                        new TrialPlan(
                            p.trialId().replace("c2/", "c1/"),
                            p.name(),
                            p.kind(),
                            p.alpha(),
                            p.temperature(),
                            p.settings(),
                            p.prune()))
                .toList());
  }

  @Test
  void anotherSeedDrawsOtherTrials() {
    CampaignSpec other =
        new CampaignSpec(
            SPEC.name(),
            8L,
            SPEC.dataset(),
            SPEC.teacher(),
            SPEC.student(),
            SPEC.distillation(),
            SPEC.logits(),
            SPEC.pruning(),
            SPEC.target(),
            SPEC.search());

    assertThat(RandomSearch.draw("c1", other)).isNotEqualTo(RandomSearch.draw("c1", SPEC));
  }

  @Test
  void everyPointLiesInItsSpaceAndFitsTheParameterBudget() {
    List<TrialPlan> trials = RandomSearch.draw("c1", SPEC);

    assertThat(trials).hasSize(40);
    assertThat(trials.get(0).name()).isEqualTo("rand-01");
    for (TrialPlan t : trials) {
      TrialSettings s = t.settings();
      assertThat(t.alpha()).isBetween(0.1, 0.9);
      assertThat(t.temperature()).isIn(1.0, 2.0, 4.0, 8.0);
      assertThat(s.learningRate()).isBetween(0.0005, 0.01);
      assertThat(s.batchSize()).isIn(32, 64, 128);
      assertThat(s.epochs()).isEqualTo(4); // not in the space: the student's
      assertThat(s.widthMultiplier()).isBetween(0.5, 3.0);
      assertThat(s.widths())
          .isEqualTo(StudentShape.scaled(SPEC.student().widths(), s.widthMultiplier()));
      assertThat(StudentShape.parameterCount(SPEC.student().arch(), 1, s.widths(), 10))
          .as("%s with x%s", t.name(), s.widthMultiplier())
          .isLessThanOrEqualTo(60_000);
    }
    // x3 is far over the budget (x1 has 58,378 parameters): the range is cut, not every draw
    // thrown at the same edge
    assertThat(trials.stream().mapToDouble(t -> t.settings().widthMultiplier()).max().orElseThrow())
        .isLessThan(1.5);
    assertThat(trials.stream().mapToDouble(t -> t.settings().widthMultiplier()).distinct().count())
        .isGreaterThan(30);
  }

  @Test
  void aRandomSearchExpandsToItsPointsAndTheBaseline() {
    List<String> names =
        TrialPlan.expand("c1", SearchSpecs.random(3, "{rule: none}")).stream()
            .map(TrialPlan::name)
            .toList();

    assertThat(names).startsWith("teacher", "rand-01", "rand-02", "rand-03", "ce-baseline");
  }

  @Test
  void aDrawnTrialTrainsWithItsOwnSettings() {
    TrialPlan t = RandomSearch.draw("c1", SPEC).get(0);

    var student = t.student(SPEC.student());

    assertThat(student.learningRate()).isEqualTo(t.settings().learningRate());
    assertThat(student.batchSize()).isEqualTo(t.settings().batchSize());
    assertThat(student.widths()).isEqualTo(t.settings().widths());
    assertThat(student.schedule()).isEqualTo(SPEC.student().schedule());
  }
}
