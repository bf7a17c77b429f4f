package dev.netshrink.orchestrator.campaign;

import static dev.netshrink.orchestrator.campaign.CampaignEvents.SPEC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.TrialAbandoned;
import dev.netshrink.protocol.event.TrialCompleted;
import dev.netshrink.protocol.event.TrialDecision;
import dev.netshrink.protocol.event.TrialQueued;
import dev.netshrink.protocol.event.TrialRef;
import dev.netshrink.protocol.event.TrialRetried;
import dev.netshrink.protocol.event.TrialStarted;
import dev.netshrink.protocol.job.Assignment;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.job.JobSpec;
import dev.netshrink.protocol.spec.ModelRole;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.EpochView;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialView;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CampaignStateTest {

  private static final AttemptLimits LIMITS = new AttemptLimits(2, 2);

  private final CampaignState state = new CampaignState("c1", SPEC, 0L, LIMITS);

  /** Every event folded into {@link #state}: the workers' and the decisions'. */
  private final List<CampaignEvent> log = new ArrayList<>();

  @Test
  void specExpandsIntoTeacherStudentsBaselineAndPrune() {
    assertThat(state.view().trials())
        .extracting(TrialView::name)
        .containsExactly(
            "teacher", "kd-a0.5-t4", "kd-a0.9-t4", "ce-baseline", "prune-student-l1-unstructured");
  }

  @Test
  void aRunningTrialNeverShowsAllDoneOnlyItsEndDoes() {
    RunJob teacher = decideAndRecord().get(0);
    fold(CampaignEvents.started(teacher, "t1"));
    // the last batch trained: evaluation and the checkpoint still follow
    fold(
        new dev.netshrink.protocol.event.TrainingProgressed(
            CampaignEvent.newId(), CampaignEvents.reported(teacher), 2L, "train", 400, 400));
    assertThat(trial("teacher").progress()).isEqualTo(CampaignState.MAX_RUNNING_PROGRESS);
    fold(CampaignEvents.epoch(teacher, 3, 0.9));
    assertThat(trial("teacher").progress()).isEqualTo(CampaignState.MAX_RUNNING_PROGRESS);

    fold(CampaignEvents.completed(teacher, 0.9));

    assertThat(trial("teacher").progress()).isEqualTo(1.0);
  }

  @Test
  void decidingChangesNothingUntilTheDecisionIsRecorded() {
    CampaignView before = state.view();

    List<Decision> decisions = CampaignScheduler.decide(state);

    assertThat(CampaignScheduler.decide(state)).isEqualTo(decisions);
    assertThat(state.view()).isEqualTo(before);
    assertThat(decisions).singleElement().isInstanceOf(Decision.Queue.class);
  }

  @Test
  void onlyTheTeacherRunsFirstAndOnlyOnce() {
    List<RunJob> first = decideAndRecord();

    assertThat(first)
        .singleElement()
        .satisfies(
            job -> {
              assertThat(job.job()).isInstanceOf(JobSpec.TeacherJob.class);
              assertThat(job.jobId()).isEqualTo("c1/teacher#1");
            });
    assertThat(trial("teacher").state()).isEqualTo(TrialStatus.QUEUED);
    assertThat(log)
        .singleElement()
        .isInstanceOfSatisfying(
            TrialQueued.class,
            q -> {
              assertThat(q.ref()).isEqualTo(new TrialRef("c1", "c1/teacher", "c1/teacher#1", null));
              assertThat(q.attempt()).isEqualTo(1);
            });
    assertThat(decideAndRecord()).isEmpty();
  }

  @Test
  void studentsStartOnceTheTeacherPublishedLogitsAndSucceeded() {
    RunJob teacher = decideAndRecord().get(0);
    CampaignEvents.teacherRun(teacher).forEach(this::fold);

    List<RunJob> students = decideAndRecord();

    assertThat(students)
        .hasSize(3)
        .allSatisfy(
            job -> {
              JobSpec.StudentJob s = (JobSpec.StudentJob) job.job();
              assertThat(s.logitsKey()).isEqualTo("c1/teacher");
              assertThat(s.logitsCount()).isEqualTo(600);
            });
    assertThat(students)
        .extracting(j -> ((JobSpec.StudentJob) j.job()).alpha())
        .containsExactly(0.5, 0.9, 0.0);
  }

  @Test
  void pruningWaitsForEveryStudentAndTakesTheBestOne() {
    List<RunJob> students = runTeacher();
    fold(CampaignEvents.completed(students.get(0), 0.80));
    fold(CampaignEvents.completed(students.get(1), 0.86));
    assertThat(decideAndRecord()).isEmpty();

    fold(CampaignEvents.completed(students.get(2), 0.83));
    List<RunJob> prune = decideAndRecord();

    assertThat(prune)
        .singleElement()
        .satisfies(
            job -> {
              JobSpec.PruneJob p = (JobSpec.PruneJob) job.job();
              assertThat(p.targets())
                  .extracting(JobSpec.PruneTarget::model, JobSpec.PruneTarget::checkpointTrialId)
                  .containsExactly(
                      org.assertj.core.groups.Tuple.tuple(ModelRole.STUDENT, "c1/kd-a0.9-t4"));
            });
  }

  @Test
  void aWorkersFailureEndsTheAttemptAndTheOrchestratorDecidesTheRetry() {
    List<RunJob> students = runTeacher();
    fold(CampaignEvents.started(students.get(0), "s1"));

    fold(CampaignEvents.failed(students.get(0), "NaN loss"));

    assertThat(trial("kd-a0.5-t4").state())
        .as("only the decision moves the trial")
        .isEqualTo(TrialStatus.RUNNING);
    assertThat(CampaignScheduler.decide(state))
        .singleElement()
        .isEqualTo(
            new Decision.Retry(
                new TrialRef("c1", "c1/kd-a0.5-t4", "c1/kd-a0.5-t4#1", null), "NaN loss", false));
  }

  @Test
  void aFailedAttemptIsRetriedThenTheTrialFailsWithTheReason() {
    List<RunJob> students = runTeacher();
    fold(CampaignEvents.failed(students.get(0), "NaN loss"));

    List<RunJob> retry = decideAndRecord();
    assertThat(retry)
        .singleElement()
        .satisfies(
            job -> {
              assertThat(job.attempt()).isEqualTo(2);
              assertThat(job.jobId()).isEqualTo("c1/kd-a0.5-t4#2");
            });

    fold(CampaignEvents.failed(retry.get(0), "NaN loss again"));
    assertThat(decideAndRecord()).isEmpty();
    assertThat(trial("kd-a0.5-t4").state()).isEqualTo(TrialStatus.FAILED);
    assertThat(trial("kd-a0.5-t4").error()).isEqualTo("NaN loss again");
    assertThat(decisionsAbout("c1/kd-a0.5-t4"))
        .extracting(e -> e.getClass().getSimpleName(), TrialDecision::jobId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("TrialQueued", "c1/kd-a0.5-t4#1"),
            org.assertj.core.groups.Tuple.tuple("TrialRetried", "c1/kd-a0.5-t4#1"),
            org.assertj.core.groups.Tuple.tuple("TrialQueued", "c1/kd-a0.5-t4#2"),
            org.assertj.core.groups.Tuple.tuple("TrialAbandoned", "c1/kd-a0.5-t4#2"));
  }

  @Test
  void aLostJobIsRetriedWithThePoolsReason() {
    List<RunJob> students = runTeacher();
    fold(CampaignEvents.started(students.get(0), "s1"));

    record(
        CampaignScheduler.afterLoss(state, students.get(0).jobId(), "worker s1 left")
            .orElseThrow());

    assertThat(trial("kd-a0.5-t4").state()).isEqualTo(TrialStatus.WAITING);
    assertThat(trial("kd-a0.5-t4").error()).isEqualTo("worker s1 left");
    assertThat(log.get(log.size() - 1))
        .isInstanceOfSatisfying(
            TrialRetried.class, r -> assertThat(r.reason()).isEqualTo("worker s1 left"));
    assertThat(CampaignScheduler.afterLoss(state, students.get(0).jobId(), "reported twice"))
        .as("the attempt is over: a second loss is nothing")
        .isEmpty();
  }

  @Test
  void aRetryResumesFromTheLastAcceptedCheckpointAndAFencedAttemptsLaterOnesDoNotMoveIt() {
    RunJob first = runTeacher().get(0);
    fold(CampaignEvents.started(first, "s1"));
    fold(CampaignEvents.epoch(first, 1, 0.5));
    fold(CampaignEvents.checkpoint(first, 1));
    record(CampaignScheduler.afterLoss(state, first.jobId(), "worker s1 silent").orElseThrow());
    // the cut-off worker comes back: its second epoch and checkpoint arrive late
    assertThat(state.apply(CampaignEvents.epoch(first, 2, 0.6))).isFalse();
    assertThat(state.apply(CampaignEvents.checkpoint(first, 2))).isFalse();

    RunJob second = decideAndRecord().get(0);

    assertThat(second.jobId()).isEqualTo("c1/kd-a0.5-t4#2");
    assertThat(second.resumeFrom()).isEqualTo(new Assignment.ResumeFrom(first.jobId(), 1));
    assertThat(trial("kd-a0.5-t4").epochs()).extracting(EpochView::epoch).containsExactly(1);
    fold(CampaignEvents.started(second, "s2"));
    fold(CampaignEvents.checkpoint(second, 2));
    record(CampaignScheduler.afterLoss(state, second.jobId(), "worker s2 left").orElseThrow());
    assertThat(decideAndRecord().get(0).resumeFrom())
        .as("the furthest accepted, from whichever attempt saved it")
        .isEqualTo(new Assignment.ResumeFrom(second.jobId(), 2));
  }

  @Test
  void aRetryWithNoAcceptedCheckpointStartsFromScratch() {
    RunJob first = runTeacher().get(0);
    fold(CampaignEvents.started(first, "s1"));
    record(CampaignScheduler.afterLoss(state, first.jobId(), "worker s1 left").orElseThrow());

    assertThat(decideAndRecord().get(0).resumeFrom()).isNull();
  }

  @Test
  void eventsOfAStaleAttemptChangeNothing() {
    List<RunJob> students = runTeacher();
    RunJob first = students.get(0);
    record(CampaignScheduler.afterLoss(state, first.jobId(), "worker vanished").orElseThrow());
    RunJob second = decideAndRecord().get(0);

    assertThat(state.apply(CampaignEvents.completed(first, 0.99))).isFalse();
    assertThat(trial("kd-a0.5-t4").state()).isEqualTo(TrialStatus.QUEUED);
    assertThat(state.apply(CampaignEvents.completed(second, 0.81))).isTrue();
    assertThat(trial("kd-a0.5-t4").accuracy()).isEqualTo(0.81);
  }

  @Test
  void anAttemptsReportsCountOnlyFromTheWorkerThatStartedIt() {
    RunJob student = runTeacher().get(0);
    fold(CampaignEvents.started(student, "s1"));
    TrialCompleted forged =
        new TrialCompleted(CampaignEvent.newId(), student.ref("forger"), 9L, 0.999, 1, 1.0);
    TrialStarted stolen =
        new TrialStarted(CampaignEvent.newId(), student.ref("forger"), 9L, student.attempt());

    assertThat(state.apply(forged)).as("a result from another worker").isFalse();
    assertThat(state.apply(stolen)).as("a second start elsewhere").isFalse();
    assertThat(trial("kd-a0.5-t4").state()).isEqualTo(TrialStatus.RUNNING);
    assertThat(trial("kd-a0.5-t4").workerId()).isEqualTo("s1");
    assertThat(state.apply(CampaignEvents.completed(student, 0.81))).isTrue();
    assertThat(trial("kd-a0.5-t4").accuracy()).isEqualTo(0.81);
  }

  @Test
  void aDecisionRecordedTwiceChangesNothingTheSecondTime() {
    List<RunJob> students = runTeacher();
    fold(CampaignEvents.failed(students.get(0), "NaN loss"));
    Decision retry = CampaignScheduler.decide(state).get(0);
    record(retry);

    // a rebuilt actor, or one racing its own echo, may record the same decision again
    assertThat(state.apply(retry.recorded(CampaignEvent.newId(), 9L))).isFalse();
    // a worker's event of a queued attempt can reach the log before its TrialQueued
    RunJob second = ((Decision.Queue) CampaignScheduler.decide(state).get(0)).job();
    fold(CampaignEvents.started(second, "s2"));
    assertThat(state.apply(new Decision.Queue(second).recorded(CampaignEvent.newId(), 9L)))
        .isFalse();
    assertThat(trial("kd-a0.5-t4").state()).isEqualTo(TrialStatus.RUNNING);
  }

  @Test
  void aFailureWhoseDecisionWasLostIsDecidedAgainFromTheLog() {
    // the log of an orchestrator that crashed after the worker's TrialFailed, before deciding
    RunJob teacher = decideAndRecord().get(0);
    fold(CampaignEvents.started(teacher, "t1"));
    fold(CampaignEvents.failed(teacher, "CUDA out of memory"));
    CampaignState replayed = new CampaignState("c1", SPEC, 0L, LIMITS);
    log.forEach(replayed::apply);

    assertThat(CampaignScheduler.decide(replayed))
        .singleElement()
        .isEqualTo(
            new Decision.Retry(
                new TrialRef("c1", "c1/teacher", "c1/teacher#1", null),
                "CUDA out of memory",
                false));
    assertThat(replayed.activeJobIds()).as("a failed attempt is not watched").isEmpty();
  }

  @Test
  void aLogWithoutDecisionsStillFolds() {
    // written before decisions were events: the second attempt's events alone make it current
    RunJob first = new RunJob("c1/teacher#1", "c1", "c1/teacher", 1, null);
    RunJob second = new RunJob("c1/teacher#2", "c1", "c1/teacher", 2, null);
    state.apply(CampaignEvents.failed(first, "boom"));
    CampaignEvents.teacherRun(second).forEach(state::apply);

    assertThat(trial("teacher").state()).isEqualTo(TrialStatus.SUCCEEDED);
    assertThat(trial("teacher").attempt()).isEqualTo(2);
    assertThat(CampaignScheduler.decide(state))
        .hasSize(3)
        .allSatisfy(d -> assertThat(d).isInstanceOf(Decision.Queue.class));
  }

  @Test
  void aFailedTeacherFailsEveryDependentTrial() {
    RunJob teacher = decideAndRecord().get(0);
    fold(CampaignEvents.failed(teacher, "boom"));
    RunJob retry = decideAndRecord().get(0);
    fold(CampaignEvents.failed(retry, "boom"));

    assertThat(decideAndRecord()).isEmpty();

    assertThat(state.allTrialsFinal()).isTrue();
    assertThat(trial("kd-a0.9-t4").error()).isEqualTo("teacher failed: boom");
    assertThat(trial("prune-student-l1-unstructured").error()).contains("nothing to prune");
    assertThat(log)
        .filteredOn(TrialAbandoned.class::isInstance)
        .extracting(e -> ((TrialAbandoned) e).trialId(), e -> ((TrialAbandoned) e).jobId())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("c1/teacher", "c1/teacher#2"),
            org.assertj.core.groups.Tuple.tuple("c1/kd-a0.5-t4", null),
            org.assertj.core.groups.Tuple.tuple("c1/kd-a0.9-t4", null),
            org.assertj.core.groups.Tuple.tuple("c1/ce-baseline", null),
            org.assertj.core.groups.Tuple.tuple("c1/prune-student-l1-unstructured", null));
  }

  @Test
  void replayingTheWholeHistoryTwiceGivesTheSameState() {
    RunJob teacher = decideAndRecord().get(0);
    CampaignEvents.teacherRun(teacher).forEach(this::fold);
    for (RunJob s : decideAndRecord()) {
      List.of(
              CampaignEvents.started(s, "s1"),
              CampaignEvents.epoch(s, 1, 0.7),
              CampaignEvents.epoch(s, 2, 0.8),
              CampaignEvents.completed(s, 0.8))
          .forEach(this::fold);
    }
    CampaignView once = state.view();

    log.forEach(e -> assertThat(state.apply(e)).isFalse());

    assertThat(state.view()).isEqualTo(once);
    assertThat(trial("kd-a0.5-t4").epochs()).extracting(e -> e.epoch()).containsExactly(1, 2);
    CampaignState replayed = new CampaignState("c1", SPEC, 0L, LIMITS);
    log.forEach(replayed::apply);
    assertThat(replayed.view()).isEqualTo(once);
  }

  @Test
  void attemptsLostWithTheirWorkerDoNotCountAgainstTheTrialsFailures() {
    // max 2 failures, max 2 losses: lost twice, then failed once, the trial still runs again
    RunJob attempt = runTeacher().get(0);
    for (int lost = 1; lost <= 2; lost++) {
      fold(CampaignEvents.started(attempt, "s" + lost));
      record(CampaignScheduler.afterLoss(state, attempt.jobId(), "worker left").orElseThrow());
      attempt = nextAttemptOf("kd-a0.5-t4");
    }
    fold(CampaignEvents.started(attempt, "s3"));
    fold(CampaignEvents.failed(attempt, "NaN loss"));

    assertThat(CampaignScheduler.decide(state))
        .singleElement()
        .isInstanceOf(Decision.Retry.class)
        .satisfies(d -> assertThat(((Decision.Retry) d).lost()).isFalse());
    record(CampaignScheduler.decide(state).get(0));
    assertThat(trial("kd-a0.5-t4").attempt()).isEqualTo(3);
    attempt = nextAttemptOf("kd-a0.5-t4");

    // a second failure is one too many, whatever was lost before
    fold(CampaignEvents.started(attempt, "s4"));
    fold(CampaignEvents.failed(attempt, "NaN loss again"));
    assertThat(CampaignScheduler.decide(state))
        .singleElement()
        .isInstanceOf(Decision.Abandon.class);
  }

  @Test
  void lossesAreBoundedTooSoAJobThatKillsEveryWorkerEnds() {
    RunJob attempt = runTeacher().get(0);
    for (int lost = 1; lost <= 2; lost++) {
      fold(CampaignEvents.started(attempt, "s" + lost));
      record(CampaignScheduler.afterLoss(state, attempt.jobId(), "worker killed").orElseThrow());
      attempt = nextAttemptOf("kd-a0.5-t4");
    }
    fold(CampaignEvents.started(attempt, "s3"));

    Decision third =
        CampaignScheduler.afterLoss(state, attempt.jobId(), "worker killed").orElseThrow();

    assertThat(third).isInstanceOf(Decision.Abandon.class);
    assertThat(((Decision.Abandon) third).reason())
        .isEqualTo("lost with its worker 3 times: worker killed");
  }

  @Test
  void aTeacherThatEndsWithoutItsLogitsAbandonsTheStudentsInsteadOfLeavingThemWaiting() {
    RunJob teacher = decideAndRecord().get(0);
    // its LogitsPublished was lost or dead-lettered; its TrialCompleted arrived
    fold(CampaignEvents.started(teacher, "t1"));
    fold(CampaignEvents.completed(teacher, 0.9));

    assertThat(decideAndRecord()).extracting(RunJob::trialId).doesNotContain("c1/kd-a0.5-t4");
    assertThat(trial("kd-a0.5-t4").state()).isEqualTo(TrialStatus.FAILED);
    assertThat(trial("kd-a0.5-t4").error())
        .isEqualTo("the teacher ended without publishing its logits");
  }

  /** Queues what can run now and returns the new attempt of {@code name}. */
  private RunJob nextAttemptOf(String name) {
    return decideAndRecord().stream()
        .filter(j -> j.trialId().endsWith("/" + name))
        .findFirst()
        .orElseThrow();
  }

  /** What the campaign actor does with decisions: records each, until nothing is left to decide. */
  private List<RunJob> decideAndRecord() {
    List<RunJob> queued = new ArrayList<>();
    for (List<Decision> decisions = CampaignScheduler.decide(state);
        !decisions.isEmpty();
        decisions = CampaignScheduler.decide(state)) {
      for (Decision decision : decisions) {
        record(decision);
        if (decision instanceof Decision.Queue queue) {
          queued.add(queue.job());
        }
      }
    }
    return queued;
  }

  private void record(Decision decision) {
    fold(decision.recorded(CampaignEvent.newId(), 1L));
  }

  private void fold(CampaignEvent event) {
    assertThat(state.apply(event)).as("%s applies", event).isTrue();
    log.add(event);
  }

  private List<TrialDecision> decisionsAbout(String trialId) {
    return log.stream()
        .filter(TrialDecision.class::isInstance)
        .map(TrialDecision.class::cast)
        .filter(d -> d.trialId().equals(trialId))
        .toList();
  }

  private List<RunJob> runTeacher() {
    RunJob teacher = decideAndRecord().get(0);
    CampaignEvents.teacherRun(teacher).forEach(this::fold);
    return decideAndRecord();
  }

  private TrialView trial(String name) {
    return state.view().trials().stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
