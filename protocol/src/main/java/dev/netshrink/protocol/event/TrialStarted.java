package dev.netshrink.protocol.event;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** A worker accepted a job and began it. */
public record TrialStarted(String eventId, @JsonUnwrapped TrialRef ref, long atMillis, int attempt)
    implements TrialEvent {

  @Override
  public void validate() {
    TrialEvent.super.validate();
    if (attempt != ref.attempt()) {
      throw new IllegalArgumentException(
          "attempt " + attempt + " is not the attempt of " + ref.jobId());
    }
  }
}
