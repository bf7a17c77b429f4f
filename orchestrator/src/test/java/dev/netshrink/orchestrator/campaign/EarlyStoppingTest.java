package dev.netshrink.orchestrator.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.protocol.event.CampaignCancelled;
import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.StopCause;
import dev.netshrink.protocol.event.TrialPromoted;
import dev.netshrink.protocol.event.TrialStopped;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.spec.CampaignSpec;
import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ASHA, the median rule and cancellation, decided by the scheduler from events alone. */
class EarlyStoppingTest {

  private static final AttemptLimits LIMITS = new AttemptLimits(2, 2);

  private CampaignState state;
  private final List<CampaignEvent> log = new ArrayList<>();
  private final List<Decision> decided = new ArrayList<>();
  private final Map<String, RunJob> jobs = new LinkedHashMap<>();

  @Test
  void ashaPromotesTheFirstAtARungAndStopsThoseBelowTheQuantileOfTheOnesBefore() {
    start(SearchSpecs.random(6, "{rule: asha, eta: 2, minEpochs: 1}")); // rungs at epochs 1, 2

    epoch("rand-01", 1, 0.80);
    assertThat(last()).isInstanceOf(Decision.Promote.class);
    assertThat(((Decision.Promote) last()).reason())
        .isEqualTo("asha: the first trial to reach epoch 1");

    epoch("rand-02", 1, 0.70); // below the median of [0.80]
    Decision.Stop stop = (Decision.Stop) last();
    assertThat(stop.ref().jobId()).isEqualTo(jobs.get("rand-02").jobId());
    assertThat(stop.cause()).isEqualTo(StopCause.EARLY_STOPPED);
    assertThat(stop.epoch()).isEqualTo(1);
    assertThat(stop.reason())
        .isEqualTo(
            "asha: accuracy 0.7000 at epoch 1, cutoff 0.8000 (top 1/2 of 1 trials before it)");

    epoch("rand-03", 1, 0.85); // above 0.75, the median of [0.80, 0.70]
    assertThat(last()).isInstanceOf(Decision.Promote.class);
    epoch("ce-baseline", 1, 0.10); // a reference: never judged
    assertThat(decided).hasSize(3);

    epoch("rand-01", 2, 0.82);
    assertThat(last()).isInstanceOf(Decision.Promote.class);
    epoch("rand-03", 2, 0.81);
    assertThat(last()).isInstanceOf(Decision.Stop.class);
    epoch("rand-01", 3, 0.83); // past the last rung: nothing more to judge
    assertThat(decided).hasSize(5);

    assertThat(trial("rand-02").state()).isEqualTo(TrialStatus.STOPPED);
    assertThat(trial("rand-02").stop().epoch()).isEqualTo(1);
    assertThat(trial("rand-02").accuracy()).isEqualTo(0.70);
    assertThat(trial("rand-03").state()).isEqualTo(TrialStatus.STOPPED);
    assertThat(trial("rand-01").state()).isEqualTo(TrialStatus.RUNNING);
    // what the stopped attempt reports later changes nothing
    assertThat(state.apply(CampaignEvents.epoch(jobs.get("rand-02"), 2, 0.99))).isFalse();
    assertThat(state.apply(CampaignEvents.completed(jobs.get("rand-02"), 0.99))).isFalse();
    assertThat(trial("rand-02").accuracy()).isEqualTo(0.70);
  }

  @Test
  void aReplayedLogJudgesNoRungAgainAndEndsTheSame() {
    start(SearchSpecs.random(4, "{rule: asha, eta: 2, minEpochs: 1}"));
    epoch("rand-01", 1, 0.80);
    epoch("rand-02", 1, 0.70);
    epoch("rand-03", 1, 0.90);

    CampaignState replayed = new CampaignState("c1", state.spec, 0L, LIMITS);
    log.forEach(replayed::apply);

    assertThat(replayed.view().trials())
        .extracting(TrialView::name, TrialView::state)
        .isEqualTo(
            state.view().trials().stream()
                .map(t -> org.assertj.core.groups.Tuple.tuple(t.name(), t.state()))
                .toList());
    assertThat(CampaignScheduler.decide(replayed)).isEmpty();
    assertThat(log).filteredOn(TrialPromoted.class::isInstance).hasSize(2);
    assertThat(log).filteredOn(TrialStopped.class::isInstance).hasSize(1);
  }

  @Test
  void theMedianRuleWaitsForMinTrialsOthersAtTheEpoch() {
    start(SearchSpecs.random(5, "{rule: median, minEpochs: 1, minTrials: 2}"));

    epoch("rand-01", 1, 0.80);
    epoch("rand-02", 1, 0.70);
    assertThat(decided).isEmpty(); // one other trial at epoch 1 is not enough

    epoch("rand-03", 1, 0.60); // below 0.75, the median of 0.80 and 0.70
    // and now each of the first two has two others at epoch 1: judged too, and both go on
    assertThat(decided)
        .extracting(d -> d.getClass().getSimpleName() + " " + state.trialName(d.ref().trialId()))
        .containsExactly("Promote rand-01", "Promote rand-02", "Stop rand-03");
    Decision.Stop stop = (Decision.Stop) last();
    assertThat(stop.reason())
        .isEqualTo(
            "median: best accuracy 0.6000 by epoch 1, median of 2 trials' mean accuracy 0.7500");

    epoch("rand-04", 1, 0.90); // the median of 0.80, 0.70, 0.60 is 0.70
    assertThat(last()).isInstanceOf(Decision.Promote.class);
    epoch("rand-01", 2, 0.85); // nobody else at epoch 2 yet
    assertThat(decided).hasSize(4);
  }

  @Test
  void aCancelledCampaignStopsEveryTrialNotEndedAndEndsCancelled() {
    start(SearchSpecs.random(3, "{rule: none}"));
    epoch("rand-01", 1, 0.8);
    fold(CampaignEvents.completed(jobs.get("rand-02"), 0.85));

    fold(new CampaignCancelled(CampaignEvent.newId(), "c1", 9L, "enough"));
    decideAndRecord();

    assertThat(state.allTrialsFinal()).isTrue();
    assertThat(state.ending()).isEqualTo(CampaignStatus.CANCELLED);
    assertThat(state.anyTrialFailed()).isFalse();
    assertThat(trial("rand-02").state()).isEqualTo(TrialStatus.SUCCEEDED);
    assertThat(trial("rand-01").stop())
        .satisfies(
            s -> {
              assertThat(s.cause()).isEqualTo(StopCause.CANCELLED);
              assertThat(s.epoch()).isEqualTo(1);
              assertThat(s.reason()).isEqualTo("the campaign was cancelled: enough");
            });
    // the sweep never ran: stopped before it was queued, naming no job
    TrialStopped prune =
        log.stream()
            .filter(e -> e instanceof TrialStopped s && s.trialId().contains("prune"))
            .map(TrialStopped.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(prune.jobId()).isNull();
    assertThat(prune.epoch()).isZero();
  }

  @Test
  void aStopRecordedAfterTheAttemptsSuccessStillStopsIt() {
    start(SearchSpecs.random(2, "{rule: none}"));
    RunJob job = jobs.get("rand-01");
    Decision stop =
        ControlDecisions.plan(
                state, new CampaignActor.Cancel(List.of("rand-01"), "cancelled by a user"))
            .decisions()
            .get(0);
    // the worker's end reached the log before the orchestrator's stop, decided before it read it
    fold(CampaignEvents.completed(job, 0.9));
    fold(stop.recorded(CampaignEvent.newId(), 9L));

    assertThat(trial("rand-01").state()).isEqualTo(TrialStatus.STOPPED);
    assertThat(trial("rand-01").accuracy()).isEqualTo(0.9);
  }

  /** The teacher runs, then every student starts on a worker of its own. */
  private void start(CampaignSpec spec) {
    state = new CampaignState("c1", spec, 0L, LIMITS);
    RunJob teacher = decideAndRecord().get(0);
    CampaignEvents.teacherRun(teacher).forEach(this::fold);
    for (RunJob job : decideAndRecord()) {
      String name = state.trialName(job.trialId());
      jobs.put(name, job);
      fold(CampaignEvents.started(job, "w-" + name));
    }
    decided.clear();
  }

  private void epoch(String name, int epoch, double accuracy) {
    fold(CampaignEvents.epoch(jobs.get(name), epoch, accuracy));
    decideAndRecord();
  }

  private Decision last() {
    return decided.get(decided.size() - 1);
  }

  private List<RunJob> decideAndRecord() {
    List<RunJob> queued = new ArrayList<>();
    for (List<Decision> decisions = CampaignScheduler.decide(state);
        !decisions.isEmpty();
        decisions = CampaignScheduler.decide(state)) {
      for (Decision decision : decisions) {
        decided.add(decision);
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
    log.add(event);
  }

  private TrialView trial(String name) {
    return state.view().trials().stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
