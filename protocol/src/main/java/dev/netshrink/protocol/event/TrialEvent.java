package dev.netshrink.protocol.event;

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

  /** The worker that reported it. */
  default String workerId() {
    return ref().workerId();
  }
}
