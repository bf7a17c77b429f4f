package dev.netshrink.workers.runtime;

import dev.netshrink.workers.distill.EpochListener;
import dev.netshrink.workers.distill.EpochListener.ResumePoint;
import dev.netshrink.workers.distill.EpochReport;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Turns a training loop's callbacks into job events: progress over the whole job (throttled by
 * {@link JobEvents}), and per epoch the loss terms and accuracy, then {@code onEpoch} with the
 * epoch's resume point (e.g. to checkpoint it). Reporting first means a crash between the two makes
 * a resumed attempt train and report that epoch again (its history entry is replaced, not doubled)
 * rather than leave a gap.
 */
final class TrainingReporter implements EpochListener {

  private final JobEvents events;
  private final int epochs;
  private final Consumer<ResumePoint> onEpoch;
  private final WorkerMeters meters;
  private long lastBatchNanos = System.nanoTime();

  TrainingReporter(
      JobEvents events, int epochs, WorkerMeters meters, Consumer<ResumePoint> onEpoch) {
    this.events = events;
    this.epochs = epochs;
    this.meters = meters;
    this.onEpoch = onEpoch;
  }

  @Override
  public void onBatchCompleted(int epoch, int done, int total) {
    long now = System.nanoTime();
    if (done > 1) { // the first batch of an epoch would also count the evaluation before it
      meters.batchTook(Duration.ofNanos(now - lastBatchNanos));
    }
    lastBatchNanos = now;
    events.progress("train", (long) (epoch - 1) * total + done, (long) epochs * total);
  }

  @Override
  public void onEpochCompleted(EpochReport r) {
    events.epochCompleted(
        r.epoch(),
        epochs,
        r.meanKd(),
        r.meanCe(),
        r.meanLoss(),
        r.evalAccuracy(),
        r.imagesPerSecond());
    meters.epochThroughput(r.imagesPerSecond());
  }

  @Override
  public void onResumePoint(ResumePoint point) {
    onEpoch.accept(point);
  }
}
