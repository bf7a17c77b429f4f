package dev.netshrink.orchestrator.campaign;

import dev.netshrink.protocol.event.StopCause;
import dev.netshrink.protocol.event.TrialRef;
import java.util.Optional;

/**
 * What a user's order means for one trial, from the campaign's state: the decision to record, or
 * why there is none (an unknown trial, or one that has ended).
 */
final class ControlDecisions {

  private ControlDecisions() {}

  /** Stop the trial {@code name}, if it exists and has not ended. */
  static Optional<Decision> cancel(CampaignState state, String name, String reason) {
    return find(state, name)
        .filter(t -> !t.status.isFinal())
        .map(
            t ->
                new Decision.Stop(
                    new TrialRef(state.campaignId, t.plan.trialId(), t.currentJobId, null),
                    StopCause.CANCELLED,
                    t.epochs.isEmpty() ? 0 : t.epochs.lastKey(),
                    reason));
  }

  /** Why {@code name} cannot be ordered about. */
  static CampaignActor.Refused whyNot(CampaignState state, String name) {
    return find(state, name)
        .map(
            t ->
                new CampaignActor.Refused(
                    CampaignActor.Refusal.CONFLICT,
                    "trial " + name + " has ended (" + t.status.wireName() + ")"))
        .orElseGet(
            () ->
                new CampaignActor.Refused(
                    CampaignActor.Refusal.INVALID,
                    "campaign "
                        + state.campaignId
                        + " has no trial "
                        + name
                        + "; its trials: "
                        + String.join(", ", state.trialStates().keySet())));
  }

  private static Optional<TrialRecord> find(CampaignState state, String name) {
    return state.trials.values().stream().filter(t -> t.plan.name().equals(name)).findFirst();
  }
}
