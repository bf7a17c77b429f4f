package dev.netshrink.protocol.event;

/**
 * An event about one attempt of one trial, reported by the worker running it. Its ids travel in one
 * {@link TrialRef}; the accessors below read through it.
 */
public sealed interface TrialEvent extends CampaignEvent
    permits TrialStarted,
        TrainingProgressed,
        EpochCompleted,
        LogitsPublished,
        CheckpointSaved,
        PrunePointMeasured,
        TrialCompleted,
        TrialFailed,
        PredictionsMade {

  TrialRef ref();

  @Override
  default String campaignId() {
    return ref().campaignId();
  }

  default String trialId() {
    return ref().trialId();
  }

  default String jobId() {
    return ref().jobId();
  }

  default String workerId() {
    return ref().workerId();
  }
}
