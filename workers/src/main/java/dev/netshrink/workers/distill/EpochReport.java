package dev.netshrink.workers.distill;

/**
 * What one finished epoch measured. Losses are means over the epoch's images; {@code meanKd} is the
 * unscaled KL term (0 for plain training); {@code evalAccuracy} is NaN when no evaluation set was
 * given; {@code imagesPerSecond} counts training steps only, not the evaluation.
 */
public record EpochReport(
    int epoch,
    double meanKd,
    double meanCe,
    double meanLoss,
    double evalAccuracy,
    double imagesPerSecond) {}
