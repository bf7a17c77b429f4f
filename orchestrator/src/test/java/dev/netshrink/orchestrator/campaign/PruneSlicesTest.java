package dev.netshrink.orchestrator.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.job.JobSpec;
import dev.netshrink.protocol.spec.CampaignSpec;
import dev.netshrink.protocol.spec.ModelRole;
import dev.netshrink.protocol.spec.PruningMethod;
import dev.netshrink.protocol.spec.ScheduleKind;
import dev.netshrink.protocol.spec.SpecValidator;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialView;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pruning fans out as one trial per model, method and chunk of ratios, plus one per schedule
 * plan, so that pruner workers share it and a lost one costs one slice.
 */
class PruneSlicesTest {

  private static final CampaignSpec SPEC =
      SpecValidator.load(
          """
          name: slices
          distillation: {alphas: [0.9], temperatures: [4], baseline: false}
          pruning: {ratios: {from: 0.0, to: 0.5, step: 0.25}, ratiosPerJob: 2,
                    methods: [l1-unstructured, l2-structured], models: [student, teacher],
                    schedule: {kind: agp, targetRatio: 0.5, rounds: 2}}
          """,
          false);

  private final CampaignState state = new CampaignState("c", SPEC, 0L, new AttemptLimits(2, 2));

  @Test
  void eachModelAndMethodHasAChunkOfRatiosPerTrialAndATrialPerPlan() {
    List<String> student = new ArrayList<>();
    for (String method : List.of("l1-unstructured", "l2-structured")) {
      String slice = "prune-student-" + method;
      student.addAll(
          List.of(slice + "-0.00-0.25", slice + "-0.50-0.50", slice + "-one-shot", slice + "-agp"));
    }

    List<String> names = state.view().trials().stream().map(TrialView::name).toList();

    assertThat(names).hasSize(2 + 16).startsWith("teacher", "kd-a0.9-t4");
    assertThat(names.subList(2, 10)).containsExactlyElementsOf(student);
    assertThat(names.subList(10, 18)).allMatch(n -> n.startsWith("prune-teacher-"));
  }

  @Test
  void everySliceRunsItsOwnShareOfTheWorkOnItsModel() {
    List<RunJob> slices = pruneJobsAfterTraining();

    assertThat(slices).hasSize(16);
    JobSpec.PruneJob first = (JobSpec.PruneJob) slices.get(0).job();
    assertThat(first.targets())
        .singleElement()
        .satisfies(t -> assertThat(t.checkpointTrialId()).isEqualTo("c/kd-a0.9-t4"));
    assertThat(first.methods()).containsExactly(PruningMethod.L1_UNSTRUCTURED);
    assertThat(first.sweepRatios()).containsExactly(0.0, 0.25);
    assertThat(first.plans()).isEmpty();
    JobSpec.PruneJob agp = (JobSpec.PruneJob) slices.get(3).job();
    assertThat(agp.sweepRatios()).isEmpty();
    assertThat(agp.plans())
        .singleElement()
        .satisfies(p -> assertThat(p.kind()).isEqualTo(ScheduleKind.AGP));
    JobSpec.PruneJob teacher = (JobSpec.PruneJob) slices.get(8).job();
    assertThat(teacher.targets())
        .singleElement()
        .satisfies(t -> assertThat(t.model()).isEqualTo(ModelRole.TEACHER));
    // together they are the whole sweep and schedule, each point once
    assertThat(
            slices.stream()
                .map(r -> (JobSpec.PruneJob) r.job())
                .mapToInt(j -> j.sweepRatios().size() + j.plans().size())
                .sum())
        .isEqualTo(2 * 2 * (3 + 2));
  }

  @Test
  void whenEveryStudentFailedOnlyTheTeachersSlicesRun() {
    RunJob teacher = decideAndRecord().get(0);
    CampaignEvents.teacherRun(teacher).forEach(this::fold);
    RunJob student = decideAndRecord().get(0);
    fold(CampaignEvents.failed(student, "boom"));
    RunJob retry = decideAndRecord().get(0);
    fold(CampaignEvents.failed(retry, "boom"));

    List<RunJob> slices = decideAndRecord();

    assertThat(slices)
        .hasSize(8)
        .allSatisfy(r -> assertThat(r.trialId()).startsWith("c/prune-teacher-"));
    assertThat(state.view().trials())
        .filteredOn(t -> t.name().startsWith("prune-student-"))
        .allSatisfy(
            t -> {
              assertThat(t.state()).isEqualTo(TrialStatus.FAILED);
              assertThat(t.error()).isEqualTo("nothing to prune: no student succeeded");
            });
  }

  private List<RunJob> pruneJobsAfterTraining() {
    RunJob teacher = decideAndRecord().get(0);
    CampaignEvents.teacherRun(teacher).forEach(this::fold);
    RunJob student = decideAndRecord().get(0);
    fold(CampaignEvents.completed(student, 0.8));
    return decideAndRecord();
  }

  private List<RunJob> decideAndRecord() {
    return decideAndRecord(state);
  }

  private static List<RunJob> decideAndRecord(CampaignState state) {
    List<RunJob> queued = new ArrayList<>();
    for (List<Decision> decisions = CampaignScheduler.decide(state);
        !decisions.isEmpty();
        decisions = CampaignScheduler.decide(state)) {
      for (Decision decision : decisions) {
        fold(state, decision.recorded(CampaignEvent.newId(), 1L));
        if (decision instanceof Decision.Queue queue) {
          queued.add(queue.job());
        }
      }
    }
    return queued;
  }

  private void fold(CampaignEvent event) {
    fold(state, event);
  }

  private static void fold(CampaignState state, CampaignEvent event) {
    assertThat(state.apply(event)).as("%s applies", event).isTrue();
  }
}
