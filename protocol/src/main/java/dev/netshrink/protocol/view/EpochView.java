package dev.netshrink.protocol.view;

/** One epoch of one trial's loss history. */
public record EpochView(
    int epoch,
    double kdLoss,
    double ceLoss,
    double totalLoss,
    double accuracy,
    double imagesPerSecond) {}
