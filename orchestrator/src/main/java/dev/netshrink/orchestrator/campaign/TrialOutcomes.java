package dev.netshrink.orchestrator.campaign;

import dev.netshrink.protocol.event.TrialOutcome;

/** Where finished trials' events are kept beyond the events topic's retention. */
public interface TrialOutcomes {

  void keep(TrialOutcome outcome);

  /** The trial's campaign has its own outcome: the trial's is needed no more. */
  void forget(String trialId);

  /** For tests that do not look at them. */
  TrialOutcomes NONE =
      new TrialOutcomes() {
        @Override
        public void keep(TrialOutcome outcome) {}

        @Override
        public void forget(String trialId) {}
      };
}
