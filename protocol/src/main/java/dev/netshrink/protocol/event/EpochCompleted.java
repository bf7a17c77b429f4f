package dev.netshrink.protocol.event;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** One training epoch ended: mean loss terms over the epoch and accuracy on the test split. */
public record EpochCompleted(
    String eventId,
    @JsonUnwrapped TrialRef ref,
    long atMillis,
    int epoch,
    int epochs,
    double kdLoss,
    double ceLoss,
    double totalLoss,
    double accuracy,
    double imagesPerSecond)
    implements TrialEvent {}
