package dev.netshrink.protocol.event;

/**
 * What the orchestrator decided about one trial, recorded on the events topic like anything a
 * worker reports, so that replaying the topic alone shows why each trial was queued, retried or
 * given up. {@code ref().workerId()} is always null: no worker reported it.
 */
public sealed interface TrialDecision extends TrialScoped
    permits TrialQueued, TrialRetried, TrialAbandoned {}
