package dev.netshrink.orchestrator.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.ConcurrencyLimited;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialView;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A user's retry and limit, planned from the state and recorded like any decision. */
class CampaignOrdersTest {

  private final CampaignState state =
      new CampaignState("c1", CampaignEvents.SPEC, 0L, new AttemptLimits(2, 2));

  @Test
  void aLimitHoldsNewTrialsBackUntilRunningOnesEndAndLiftingItQueuesTheRest() {
    fold(new ConcurrencyLimited(CampaignEvent.newId(), "c1", 1L, 1));
    RunJob teacher = decideAndRecord().get(0);
    CampaignEvents.teacherRun(teacher).forEach(this::fold);

    List<RunJob> first = decideAndRecord();
    assertThat(first).extracting(RunJob::trialId).containsExactly("c1/kd-a0.5-t4");
    assertThat(decideAndRecord()).isEmpty();

    fold(CampaignEvents.completed(first.get(0), 0.8));
    assertThat(decideAndRecord()).extracting(RunJob::trialId).containsExactly("c1/kd-a0.9-t4");

    record(plan(new CampaignActor.Limit(0)));
    assertThat(decideAndRecord()).extracting(RunJob::trialId).containsExactly("c1/ce-baseline");
  }

  @Test
  void aRetriedTrialRunsAgainAsItsNextAttemptWithItsFailuresCountedAfresh() {
    RunJob teacher = decideAndRecord().get(0);
    CampaignEvents.teacherRun(teacher).forEach(this::fold);
    RunJob job = decideAndRecord().get(0);
    fold(CampaignEvents.failed(job, "out of memory"));
    RunJob second = decideAndRecord().get(0);
    fold(CampaignEvents.failed(second, "out of memory"));
    decideAndRecord();
    assertThat(trial("kd-a0.5-t4").state()).isEqualTo(TrialStatus.FAILED);

    ControlDecisions.Plan retry =
        plan(new CampaignActor.Retry(List.of("kd-a0.5-t4"), "more memory now"));
    assertThat(retry.refused()).isNull();
    record(retry);

    RunJob third = decideAndRecord().get(0);
    assertThat(third.jobId()).isEqualTo("c1/kd-a0.5-t4#3");
    // a failure of the reopened trial is its first: it is retried, not given up
    fold(CampaignEvents.failed(third, "out of memory"));
    assertThat(decideAndRecord()).extracting(RunJob::jobId).containsExactly("c1/kd-a0.5-t4#4");
  }

  @Test
  void aRetryOfATrialThatDidNotFailOrStopIsRefusedAndChangesNothing() {
    RunJob teacher = decideAndRecord().get(0);
    fold(CampaignEvents.started(teacher, "t1"));

    ControlDecisions.Plan retry = plan(new CampaignActor.Retry(List.of("teacher"), "x"));

    assertThat(retry.refused().refusal()).isEqualTo(CampaignActor.Refusal.CONFLICT);
    assertThat(retry.refused().reason())
        .isEqualTo("trial teacher has not failed or been stopped: it is running");
    assertThat(retry.decisions()).isEmpty();
  }

  private ControlDecisions.Plan plan(CampaignActor.ControlRequest request) {
    return ControlDecisions.plan(state, request);
  }

  private void record(ControlDecisions.Plan plan) {
    if (plan.event() != null) {
      fold(plan.event());
    }
    plan.decisions().forEach(d -> fold(d.recorded(CampaignEvent.newId(), 1L)));
  }

  private List<RunJob> decideAndRecord() {
    List<RunJob> queued = new ArrayList<>();
    for (List<Decision> decisions = CampaignScheduler.decide(state);
        !decisions.isEmpty();
        decisions = CampaignScheduler.decide(state)) {
      for (Decision decision : decisions) {
        fold(decision.recorded(CampaignEvent.newId(), 1L));
        if (decision instanceof Decision.Queue queue) {
          queued.add(queue.job());
        }
      }
    }
    return queued;
  }

  private void fold(CampaignEvent event) {
    assertThat(state.apply(event)).as("%s applies", event).isTrue();
  }

  private TrialView trial(String name) {
    return state.view().trials().stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
