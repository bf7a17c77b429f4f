package dev.netshrink.protocol.event;

import dev.netshrink.protocol.wire.Checks;

/** An event about one attempt of one trial, reported by the worker running it. */
public sealed interface TrialEvent extends TrialScoped
    permits TrialStarted,
        TrainingProgressed,
        EpochCompleted,
        LogitsPublished,
        CheckpointSaved,
        PrunePointMeasured,
        TrialCompleted,
        TrialFailed,
        PredictionsMade {

  /** The envelope and the time; an event with fields of its own checks them too. */
  @Override
  default void validate() {
    Checks.id(eventId(), "eventId");
    Checks.present(ref(), "the trial's ids").validateReported();
    Checks.atLeast(atMillis(), 1, "atMillis");
  }

  /** The worker that reported it. */
  default String workerId() {
    return ref().workerId();
  }
}
