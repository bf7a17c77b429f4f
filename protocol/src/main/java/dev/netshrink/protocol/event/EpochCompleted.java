package dev.netshrink.protocol.event;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.netshrink.protocol.wire.Checks;

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
    implements TrialEvent {

  @Override
  public void validate() {
    TrialEvent.super.validate();
    Checks.atLeast(epoch, 1, "epoch");
    Checks.atLeast(epochs, epoch, "epochs");
    Checks.finite(kdLoss, "kdLoss");
    Checks.finite(ceLoss, "ceLoss");
    Checks.finite(totalLoss, "totalLoss");
    Checks.fractionOrNaN(accuracy, "accuracy"); // NaN: no test images
    Checks.nonNegative(imagesPerSecond, "imagesPerSecond");
  }
}
