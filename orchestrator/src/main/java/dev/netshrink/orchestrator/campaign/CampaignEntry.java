package dev.netshrink.orchestrator.campaign;

import dev.netshrink.protocol.event.CampaignCompleted;
import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.CampaignSubmitted;
import dev.netshrink.protocol.event.TrialScoped;
import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignView;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What the campaign manager keeps of one campaign: its latest view, to answer from, and until it
 * completes, its submission and events, to rebuild its actor should that one fail.
 */
final class CampaignEntry {

  /** Null for a campaign known only by its outcome. */
  final CampaignSubmitted submission;

  /** A campaign known only by its outcome: it finished, and has neither actor nor submission. */
  static CampaignEntry finished(CampaignView view) {
    CampaignEntry entry = new CampaignEntry(null);
    entry.view = view;
    entry.complete();
    return entry;
  }

  /** Null once the actor stopped for good. */
  ActorRef<CampaignActor.Command> actor;

  /** The latest the actor pushed; null until its first push. */
  CampaignView view;

  int restarts;
  private boolean completed;

  /** By event id, in the order they reached the actor; dropped once the campaign completed. */
  private Map<String, CampaignEvent> history = new LinkedHashMap<>();

  CampaignEntry(CampaignSubmitted submission) {
    this.submission = submission;
  }

  /** Ids of the events read back from trial outcomes: the log may hold them too. */
  private final Set<String> restored = new HashSet<>();

  /** Events of the campaign's finished trials, read back before its actor starts. */
  void restore(List<TrialScoped> events) {
    events.forEach(
        e -> {
          restored.add(e.eventId());
          history.putIfAbsent(e.eventId(), e);
        });
  }

  /** Whether {@code eventId} was read back by {@link #restore}. */
  boolean restored(String eventId) {
    return restored.contains(eventId);
  }

  /** An event routed to the actor or recorded by it; one echoed back by the log is kept once. */
  void remember(CampaignEvent event) {
    if (event instanceof CampaignCompleted) {
      complete();
    } else if (!completed) {
      history.putIfAbsent(event.eventId(), event);
    }
  }

  boolean completed() {
    return completed;
  }

  Collection<CampaignEvent> history() {
    return completed ? List.of() : history.values();
  }

  /** The view of a campaign stopped as failed, whatever its actor last said. */
  void stoppedAsFailed() {
    CampaignView last = view;
    view =
        last == null
            ? new CampaignView(
                submission.campaignId(),
                submission.spec().name(),
                CampaignStatus.FAILED,
                submission.submittedAtMillis(),
                List.of(),
                List.of(),
                null,
                List.of())
            : new CampaignView(
                last.campaignId(),
                last.name(),
                CampaignStatus.FAILED,
                last.submittedAtMillis(),
                last.trials(),
                last.pruning(),
                last.reportDir(),
                last.predictions(),
                last.choice());
    complete();
  }

  private void complete() {
    completed = true;
    history = null; // nothing to rebuild any more, and predictions make events large
  }
}
