package dev.netshrink.workers.runtime;

import dev.netshrink.workers.distill.EpochListener;
import dev.netshrink.workers.distill.EpochReport;
import java.util.function.Consumer;

/**
 * Turns a training loop's callbacks into job events: progress over the whole job (throttled by
 * {@link JobEvents}), and per epoch the loss terms and accuracy, then {@code onEpoch} (e.g. the
 * checkpoint). Reporting first means a crash between the two makes a resumed attempt train and
 * report that epoch again (its history entry is replaced, not doubled) rather than leave a gap.
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
    events.epochCompleted(r.epoch(), epochs, r.meanKd(), r.meanCe(), r.meanLoss(),
        r.evalAccuracy(), r.imagesPerSecond());
    onEpoch.accept(r);
  }
}
