package dev.netshrink.workers.distill;

/** Called on the training thread after every epoch (and batch); keep it quick. */
@FunctionalInterface
public interface EpochListener {

  EpochListener NONE = report -> {};

  void onEpochCompleted(EpochReport report);

  /** After every training batch: {@code done} of {@code total} batches in this epoch. */
  default void onBatchCompleted(int epoch, int done, int total) {}
}
