package dev.netshrink.workers.distill;

/** Called on the training thread after every epoch (and batch); keep it quick. */
@FunctionalInterface
public interface EpochListener {

  EpochListener NONE = report -> {};

  void onEpochCompleted(EpochReport report);

  /** After every training batch: {@code done} of {@code total} batches in this epoch. */
  default void onBatchCompleted(int epoch, int done, int total) {}

  /**
   * After {@link #onEpochCompleted}: what a run resumed after this epoch needs to continue as if
   * never interrupted (e.g. to checkpoint it).
   */
  default void onResumePoint(ResumePoint point) {}

  /** The state after {@code epoch}; each accessor serializes on call, on the training thread. */
  interface ResumePoint {
    int epoch();

    /** Every parameter, BatchNorm running statistics included ({@code ModelCheckpoint}). */
    byte[] parameters();

    /** Adam's moment estimates, for {@code TrainingSettings.Builder.optResume}. */
    byte[] optimizerState();
  }
}
