package dev.netshrink.protocol.event;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.netshrink.protocol.wire.Checks;

/**
 * The trial failed for good: its last attempt failed with none left ({@code reason} is that
 * failure), or a trial it needs failed ({@code reason} names it). {@code ref().jobId()} is the last
 * attempt, null for a trial that never ran.
 */
public record TrialAbandoned(
    String eventId, @JsonUnwrapped TrialRef ref, long atMillis, String reason)
    implements TrialDecision {

  /** A trial given up before it ever ran names no job. */
  @Override
  public void validate() {
    Checks.id(eventId, "eventId");
    Checks.present(ref, "the trial's ids").validateDecided(false);
    Checks.atLeast(atMillis, 1, "atMillis");
    Checks.present(reason, "reason");
  }
}
