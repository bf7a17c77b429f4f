package dev.netshrink.workers.distill;

/** Called on the training thread after every epoch; keep it quick (hand the report off). */
@FunctionalInterface
public interface EpochListener {

    EpochListener NONE = report -> {};

    void onEpochCompleted(EpochReport report);
}
