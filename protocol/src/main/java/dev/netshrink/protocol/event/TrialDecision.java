package dev.netshrink.protocol.event;

import dev.netshrink.protocol.wire.Checks;

/**
 * What the orchestrator decided about one trial, recorded on the events topic like anything a
 * worker reports, so that replaying the topic alone shows why each trial was queued, retried or
 * given up, stopped or promoted. {@code ref().workerId()} is always null: no worker reported it.
 */
public sealed interface TrialDecision extends TrialScoped
    permits TrialQueued, TrialRetried, TrialAbandoned, TrialStopped, TrialPromoted, TrialReopened {

  /** The envelope (with its job: only a give-up may name none) and the time. */
  @Override
  default void validate() {
    Checks.id(eventId(), "eventId");
    Checks.present(ref(), "the trial's ids").validateDecided(true);
    Checks.atLeast(atMillis(), 1, "atMillis");
  }
}
