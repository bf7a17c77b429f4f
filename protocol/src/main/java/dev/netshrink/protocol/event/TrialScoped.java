package dev.netshrink.protocol.event;

/**
 * An event about one attempt of one trial: what its worker reported ({@link TrialEvent}) or what
 * the orchestrator decided ({@link TrialDecision}). Its ids travel in one {@link TrialRef}; the
 * accessors read through it.
 */
public sealed interface TrialScoped extends CampaignEvent permits TrialEvent, TrialDecision {

  TrialRef ref();

  @Override
  default String campaignId() {
    return ref().campaignId();
  }

  default String trialId() {
    return ref().trialId();
  }

  /** The attempt, trialId#attempt; null in a decision about a trial that never ran. */
  default String jobId() {
    return ref().jobId();
  }
}
