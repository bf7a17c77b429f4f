package dev.netshrink.protocol.event;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** A new attempt of the trial was queued for a worker: {@code ref().jobId()} is trialId#attempt. */
public record TrialQueued(String eventId, @JsonUnwrapped TrialRef ref, long atMillis, int attempt)
    implements TrialDecision {

  @Override
  public void validate() {
    TrialDecision.super.validate();
    if (attempt != ref.attempt()) {
      throw new IllegalArgumentException(
          "attempt " + attempt + " is not the attempt of " + ref.jobId());
    }
  }
}
