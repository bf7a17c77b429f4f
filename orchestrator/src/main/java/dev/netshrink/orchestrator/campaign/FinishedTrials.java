package dev.netshrink.orchestrator.campaign;

import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.TrainingProgressed;
import dev.netshrink.protocol.event.TrialOutcome;
import dev.netshrink.protocol.event.TrialScoped;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.TrialView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The campaign manager's bookkeeping of {@link TrialOutcome}s: each trial's events are kept once it
 * ends, read back at start for the campaigns still running, and forgotten once the campaign has its
 * own outcome. A campaign rebuilt from them replays its finished trials in the order they ended,
 * which keeps every dependency (a student after its teacher's logits, the sweep after the students)
 * in order.
 */
final class FinishedTrials {

  private final TrialOutcomes store;
  private final Map<String, List<TrialOutcome>> readBack = new HashMap<>();
  private final Map<String, Set<String>> kept = new HashMap<>();

  FinishedTrials(TrialOutcomes store) {
    this.store = store;
  }

  /** An outcome read from the topic at start. */
  void replayed(TrialOutcome outcome) {
    readBack.computeIfAbsent(outcome.campaignId(), c -> new ArrayList<>()).add(outcome);
    kept.computeIfAbsent(outcome.campaignId(), c -> new LinkedHashSet<>()).add(outcome.trialId());
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
    Set<String> ofCampaign = kept.computeIfAbsent(view.campaignId(), c -> new LinkedHashSet<>());
    for (TrialView trial : view.trials()) {
      if (trial.state().isFinal() && !ofCampaign.contains(trial.trialId())) {
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
          ofCampaign.add(trial.trialId());
        }
      }
    }
  }

  /** The campaign has its outcome: its trials' outcomes are deleted from the topic. */
  void campaignFinished(String campaignId) {
    readBack.remove(campaignId);
    Set<String> trials = kept.remove(campaignId);
    if (trials != null) {
      trials.forEach(store::forget);
    }
  }
}
