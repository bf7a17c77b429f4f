package dev.netshrink.protocol.event;

/** An event about one attempt of one trial, reported by the worker running it. */
public sealed interface TrialEvent extends CampaignEvent permits TrialStarted,
    TrainingProgressed, EpochCompleted, LogitsPublished, CheckpointSaved, PrunePointMeasured,
    TrialCompleted, TrialFailed, PredictionsMade {

  String trialId();

  String jobId();

  String workerId();
}
