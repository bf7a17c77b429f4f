package dev.netshrink.protocol.event;

/**
 * Which attempt of which trial an event is about, and who reported it: the envelope every trial
 * event carries (flat on the wire). {@code workerId} is null for the orchestrator's decisions.
 */
public record TrialRef(String campaignId, String trialId, String jobId, String workerId) {}
