package dev.netshrink.protocol.event;

/**
 * What the orchestrator decided about one trial, recorded on the events topic like anything a
 * worker reports, so that replaying the topic alone shows why each trial was queued, retried or
 * given up. {@code ref().workerId()} is always null: no worker reported it.
 */
public sealed interface TrialDecision extends CampaignEvent
    permits TrialQueued, TrialRetried, TrialAbandoned {

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
}
