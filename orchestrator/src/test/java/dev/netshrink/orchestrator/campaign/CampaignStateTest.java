package dev.netshrink.orchestrator.campaign;

import static dev.netshrink.orchestrator.campaign.CampaignEvents.SPEC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.job.JobSpec;
import dev.netshrink.protocol.spec.ModelRole;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialView;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CampaignStateTest {

  private final CampaignState state = new CampaignState("c1", SPEC, 0L, 2);

  @Test
  void specExpandsIntoTeacherStudentsBaselineAndPrune() {
    assertThat(state.view().trials()).extracting(TrialView::name).containsExactly(
        "teacher", "kd-a0.5-t4", "kd-a0.9-t4", "ce-baseline", "prune");
  }

  @Test
  void onlyTheTeacherRunsFirstAndOnlyOnce() {
    List<RunJob> first = CampaignScheduler.nextJobs(state);

    assertThat(first).singleElement().satisfies(job -> {
      assertThat(job.job()).isInstanceOf(JobSpec.TeacherJob.class);
      assertThat(job.jobId()).isEqualTo("c1/teacher#1");
    });
    assertThat(CampaignScheduler.nextJobs(state)).isEmpty();
  }

  @Test
  void studentsStartOnceTheTeacherPublishedLogitsAndSucceeded() {
    RunJob teacher = CampaignScheduler.nextJobs(state).get(0);
    CampaignEvents.teacherRun(teacher).forEach(state::apply);

    List<RunJob> students = CampaignScheduler.nextJobs(state);

    assertThat(students).hasSize(3).allSatisfy(job -> {
      JobSpec.StudentJob s = (JobSpec.StudentJob) job.job();
      assertThat(s.logitsKey()).isEqualTo("c1/teacher");
      assertThat(s.logitsCount()).isEqualTo(600);
    });
    assertThat(students).extracting(j -> ((JobSpec.StudentJob) j.job()).alpha())
        .containsExactly(0.5, 0.9, 0.0);
  }

  @Test
  void pruningWaitsForEveryStudentAndTakesTheBestOne() {
    List<RunJob> students = runTeacher();
    state.apply(CampaignEvents.completed(students.get(0), 0.80));
    state.apply(CampaignEvents.completed(students.get(1), 0.86));
    assertThat(CampaignScheduler.nextJobs(state)).isEmpty();

    state.apply(CampaignEvents.completed(students.get(2), 0.83));
    List<RunJob> prune = CampaignScheduler.nextJobs(state);

    assertThat(prune).singleElement().satisfies(job -> {
      JobSpec.PruneJob p = (JobSpec.PruneJob) job.job();
      assertThat(p.targets()).extracting(JobSpec.PruneTarget::model, JobSpec.PruneTarget::checkpointTrialId)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(ModelRole.TEACHER, "c1/teacher"),
              org.assertj.core.groups.Tuple.tuple(ModelRole.STUDENT, "c1/kd-a0.9-t4"));
    });
  }

  @Test
  void aFailedAttemptIsRetriedThenTheTrialFailsWithTheReason() {
    List<RunJob> students = runTeacher();
    state.apply(CampaignEvents.failed(students.get(0), "NaN loss"));

    List<RunJob> retry = CampaignScheduler.nextJobs(state);
    assertThat(retry).singleElement().satisfies(job -> {
      assertThat(job.attempt()).isEqualTo(2);
      assertThat(job.jobId()).isEqualTo("c1/kd-a0.5-t4#2");
    });

    state.apply(CampaignEvents.failed(retry.get(0), "NaN loss again"));
    assertThat(CampaignScheduler.nextJobs(state)).isEmpty();
    assertThat(trial("kd-a0.5-t4").state()).isEqualTo(TrialStatus.FAILED);
    assertThat(trial("kd-a0.5-t4").error()).isEqualTo("NaN loss again");
  }

  @Test
  void eventsOfAStaleAttemptChangeNothing() {
    List<RunJob> students = runTeacher();
    RunJob first = students.get(0);
    state.jobLost(first.jobId(), "worker vanished");
    RunJob second = CampaignScheduler.nextJobs(state).get(0);

    assertThat(state.apply(CampaignEvents.completed(first, 0.99))).isFalse();
    assertThat(trial("kd-a0.5-t4").state()).isEqualTo(TrialStatus.QUEUED);
    assertThat(state.apply(CampaignEvents.completed(second, 0.81))).isTrue();
    assertThat(trial("kd-a0.5-t4").accuracy()).isEqualTo(0.81);
  }

  @Test
  void aFailedTeacherFailsEveryDependentTrial() {
    RunJob teacher = CampaignScheduler.nextJobs(state).get(0);
    state.apply(CampaignEvents.failed(teacher, "boom"));
    RunJob retry = CampaignScheduler.nextJobs(state).get(0);
    state.apply(CampaignEvents.failed(retry, "boom"));

    assertThat(CampaignScheduler.nextJobs(state)).isEmpty();

    assertThat(state.allTrialsFinal()).isTrue();
    assertThat(trial("kd-a0.9-t4").error()).isEqualTo("teacher failed: boom");
    assertThat(trial("prune").error()).contains("nothing to prune");
  }

  @Test
  void replayingTheWholeHistoryTwiceGivesTheSameState() {
    List<CampaignEvent> history = new ArrayList<>();
    RunJob teacher = CampaignScheduler.nextJobs(state).get(0);
    history.addAll(CampaignEvents.teacherRun(teacher));
    history.forEach(state::apply);
    for (RunJob s : CampaignScheduler.nextJobs(state)) {
      List<CampaignEvent> run = List.of(CampaignEvents.started(s, "s1"),
          CampaignEvents.epoch(s, 1, 0.7), CampaignEvents.epoch(s, 2, 0.8),
          CampaignEvents.completed(s, 0.8));
      run.forEach(state::apply);
      history.addAll(run);
    }
    CampaignView once = state.view();

    history.forEach(e -> assertThat(state.apply(e)).isFalse());

    assertThat(state.view()).isEqualTo(once);
    assertThat(trial("kd-a0.5-t4").epochs()).extracting(e -> e.epoch()).containsExactly(1, 2);
  }

  private List<RunJob> runTeacher() {
    RunJob teacher = CampaignScheduler.nextJobs(state).get(0);
    CampaignEvents.teacherRun(teacher).forEach(state::apply);
    return CampaignScheduler.nextJobs(state);
  }

  private TrialView trial(String name) {
    return state.view().trials().stream().filter(t -> t.name().equals(name)).findFirst()
        .orElseThrow();
  }
}
