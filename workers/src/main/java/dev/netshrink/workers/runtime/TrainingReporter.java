package dev.netshrink.workers.runtime;

import dev.netshrink.workers.distill.EpochListener;
import dev.netshrink.workers.distill.EpochReport;
import java.util.function.Consumer;

/**
 * Turns a training loop's callbacks into job events: progress over the whole job (throttled by
 * {@link JobEvents}), and per epoch the loss terms and accuracy, after {@code onEpoch} (e.g. a
 * checkpoint) has run, so an epoch is reported only once it is durable.
 */
final class TrainingReporter implements EpochListener {

  private final JobEvents events;
  private final int epochs;
  private final Consumer<EpochReport> onEpoch;

  TrainingReporter(JobEvents events, int epochs, Consumer<EpochReport> onEpoch) {
    this.events = events;
    this.epochs = epochs;
    this.onEpoch = onEpoch;
  }

  @Override
  public void onBatchCompleted(int epoch, int done, int total) {
    events.progress("train", (long) (epoch - 1) * total + done, (long) epochs * total);
  }

  @Override
  public void onEpochCompleted(EpochReport r) {
    onEpoch.accept(r);
    events.epochCompleted(r.epoch(), epochs, r.meanKd(), r.meanCe(), r.meanLoss(),
        r.evalAccuracy(), r.imagesPerSecond());
  }
}
