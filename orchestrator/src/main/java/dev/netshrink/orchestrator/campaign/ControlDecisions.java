package dev.netshrink.orchestrator.campaign;

import dev.netshrink.protocol.event.CampaignCancelled;
import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.ConcurrencyLimited;
import dev.netshrink.protocol.event.StopCause;
import dev.netshrink.protocol.event.TrialRef;
import dev.netshrink.protocol.spec.SpecLimits;
import dev.netshrink.protocol.view.TrialStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * What a user's order means for a running campaign, from its state alone: the event and decisions
 * to record, or why there are none. An order naming several trials is carried out for all of them
 * or refused for all: an unknown trial, one that has ended for a cancel, one that has not failed or
 * been stopped for a retry.
 */
final class ControlDecisions {

  private ControlDecisions() {}

  /**
   * What to record: {@code event} (a campaign's own, or null), then {@code decisions}; {@code
   * trials} names what the order changes. A refused order has only {@code refused}.
   */
  record Plan(
      CampaignEvent event,
      List<Decision> decisions,
      List<String> trials,
      CampaignActor.Refused refused) {

    static Plan of(CampaignEvent event, List<Decision> decisions, List<String> trials) {
      return new Plan(event, List.copyOf(decisions), List.copyOf(trials), null);
    }

    static Plan refusing(CampaignActor.Refused why) {
      return new Plan(null, List.of(), List.of(), why);
    }
  }

  static Plan plan(CampaignState state, CampaignActor.ControlRequest request) {
    long now = System.currentTimeMillis();
    if (request instanceof CampaignActor.Limit limit) {
      return Plan.of(
          new ConcurrencyLimited(
              CampaignEvent.newId(), state.campaignId, now, limit.maxConcurrent()),
          List.of(),
          List.of());
    }
    if (request instanceof CampaignActor.Add add) {
      return AddedTrials.plan(state, add.order(), SpecLimits.configured());
    }
    if (request instanceof CampaignActor.Retry retry) {
      if (state.cancelled()) {
        return Plan.refusing(
            new CampaignActor.Refused(
                CampaignActor.Refusal.CONFLICT,
                "campaign " + state.campaignId + " was cancelled: nothing runs again"));
      }
      return each(
          state,
          retry.trials(),
          (t, ref) -> new Decision.Reopen(ref, retry.reason()),
          t -> t.status == TrialStatus.FAILED || t.status == TrialStatus.STOPPED,
          "has not failed or been stopped: it is %s");
    }
    CampaignActor.Cancel cancel = (CampaignActor.Cancel) request;
    if (cancel.trials().isEmpty()) {
      // the scheduler stops every trial once this is recorded, and again after a restart
      return Plan.of(
          new CampaignCancelled(CampaignEvent.newId(), state.campaignId, now, cancel.reason()),
          List.of(),
          state.unfinishedTrialNames());
    }
    return each(
        state,
        cancel.trials(),
        (t, ref) ->
            new Decision.Stop(
                ref,
                StopCause.CANCELLED,
                t.epochs.isEmpty() ? 0 : t.epochs.lastKey(),
                cancel.reason()),
        t -> !t.status.isFinal(),
        "has ended (%s)");
  }

  /**
   * {@code decision} for each named trial, if every one exists and {@code applies}; else refused
   * with {@code otherwise} (its {@code %s}: the trial's state).
   */
  private static Plan each(
      CampaignState state,
      List<String> names,
      BiFunction<TrialRecord, TrialRef, Decision> decision,
      Predicate<TrialRecord> applies,
      String otherwise) {
    List<Decision> decisions = new ArrayList<>();
    for (String name : names) {
      Optional<TrialRecord> trial = find(state, name);
      if (trial.isEmpty()) {
        return Plan.refusing(
            new CampaignActor.Refused(
                CampaignActor.Refusal.INVALID,
                "campaign "
                    + state.campaignId
                    + " has no trial "
                    + name
                    + "; its trials: "
                    + String.join(", ", state.trialStates().keySet())));
      }
      TrialRecord t = trial.get();
      if (!applies.test(t)) {
        return Plan.refusing(
            new CampaignActor.Refused(
                CampaignActor.Refusal.CONFLICT,
                "trial " + name + " " + String.format(otherwise, t.status.wireName())));
      }
      decisions.add(
          decision.apply(
              t, new TrialRef(state.campaignId, t.plan.trialId(), t.currentJobId, null)));
    }
    return Plan.of(null, decisions, names);
  }

  private static Optional<TrialRecord> find(CampaignState state, String name) {
    return state.trials.values().stream().filter(t -> t.plan.name().equals(name)).findFirst();
  }
}
