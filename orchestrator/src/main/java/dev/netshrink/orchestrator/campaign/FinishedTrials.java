package dev.netshrink.orchestrator.campaign;

import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.TrainingProgressed;
import dev.netshrink.protocol.event.TrialOutcome;
import dev.netshrink.protocol.event.TrialScoped;
import dev.netshrink.protocol.job.JobIds;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.TrialView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The campaign manager's bookkeeping of {@link TrialOutcome}s: each trial's events are kept once it
 * ends (again, when a user's retry made it end with a later attempt), read back at start for the
 * campaigns still running, and forgotten once the campaign has its own outcome. A campaign rebuilt
 * from them replays its finished trials in the order they ended, which keeps every dependency (a
 * student after its teacher's logits, the sweep after the students) in order.
 */
final class FinishedTrials {

  private final TrialOutcomes store;
  private final Map<String, List<TrialOutcome>> readBack = new HashMap<>();

  /** By campaign: the trials kept, with the attempt they ended with (a retried one ends again). */
  private final Map<String, Map<String, Integer>> kept = new HashMap<>();

  FinishedTrials(TrialOutcomes store) {
    this.store = store;
  }

  /** An outcome read from the topic at start. */
  void replayed(TrialOutcome outcome) {
    readBack.computeIfAbsent(outcome.campaignId(), c -> new ArrayList<>()).add(outcome);
    int attempt =
        outcome.events().stream()
            .map(TrialScoped::jobId)
            .filter(java.util.Objects::nonNull)
            .mapToInt(JobIds::attemptOf)
            .max()
            .orElse(0);
    kept.computeIfAbsent(outcome.campaignId(), c -> new HashMap<>())
        .put(outcome.trialId(), attempt);
  }

  /** The events read back for {@code campaignId}, trial by trial in the order they ended. */
  List<TrialScoped> readBack(String campaignId) {
    List<TrialOutcome> outcomes = readBack.remove(campaignId);
    if (outcomes == null) {
      return List.of();
    }
    return outcomes.stream()
        .sorted(Comparator.comparingLong(TrialOutcome::atMillis))
        .flatMap(o -> o.events().stream())
        .toList();
  }

  /**
   * After a campaign pushed {@code view}: keeps the events of every trial that ended and is not
   * kept yet (from {@code history}, its events so far); forgets them all once the campaign ended.
   */
  void viewed(CampaignView view, Collection<CampaignEvent> history) {
    if (view.finished()) {
      campaignFinished(view.campaignId());
      return;
    }
    Map<String, Integer> ofCampaign = kept.computeIfAbsent(view.campaignId(), c -> new HashMap<>());
    for (TrialView trial : view.trials()) {
      Integer keptAttempt = ofCampaign.get(trial.trialId());
      boolean endedAgain = keptAttempt != null && keptAttempt != trial.attempt();
      if (trial.state().isFinal() && (keptAttempt == null || endedAgain)) {
        List<TrialScoped> events =
            history.stream()
                .filter(e -> e instanceof TrialScoped s && s.trialId().equals(trial.trialId()))
                .filter(e -> !(e instanceof TrainingProgressed))
                .map(TrialScoped.class::cast)
                .toList();
        if (!events.isEmpty()) {
          store.keep(
              new TrialOutcome(
                  view.campaignId(), trial.trialId(), System.currentTimeMillis(), events));
          ofCampaign.put(trial.trialId(), trial.attempt());
        }
      }
    }
  }

  /** The campaign has its outcome: its trials' outcomes are deleted from the topic. */
  void campaignFinished(String campaignId) {
    readBack.remove(campaignId);
    Map<String, Integer> trials = kept.remove(campaignId);
    if (trials != null) {
      trials.keySet().forEach(store::forget);
    }
  }
}
