package dev.netshrink.protocol.event;

/** One training epoch ended: mean loss terms over the epoch and accuracy on the test split. */
public record EpochCompleted(String eventId, String campaignId, String trialId, String jobId,
    String workerId, long atMillis, int epoch, int epochs, double kdLoss, double ceLoss,
    double totalLoss, double accuracy, double imagesPerSecond) implements TrialEvent {}
