package dev.netshrink.workers.distill;

import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One trial of a fused pack ({@link PackTrainer}): its own loss (alpha, temperature), where it
 * resumes from (both empty for a fresh start; every member of a pack resumes from the same epoch),
 * its own listener (epoch reports and resume points of this trial alone), and how it leaves early.
 *
 * @param stopped polled between batches: true once this trial is to stop (its StopJob)
 * @param onLeft told once, on the training thread, when the trial leaves the pack before the end: a
 *     {@link java.util.concurrent.CancellationException} when stopped, an {@link
 *     ArithmeticException} when its loss diverged; the other members go on
 */
public record PackMember(
    KnowledgeDistillationLoss loss,
    Optional<byte[]> parameters,
    Optional<byte[]> optimizerState,
    EpochListener listener,
    BooleanSupplier stopped,
    Consumer<RuntimeException> onLeft) {

  /** A member that starts fresh, never stops on its own and ignores an early end. */
  public static PackMember fresh(KnowledgeDistillationLoss loss, EpochListener listener) {
    return new PackMember(loss, Optional.empty(), Optional.empty(), listener, () -> false, e -> {});
  }

  /** The same member, resuming from what it saved after an epoch. */
  PackMember resumedFrom(byte[] savedParameters, byte[] savedOptimizerState) {
    return new PackMember(
        loss,
        Optional.of(savedParameters),
        Optional.of(savedOptimizerState),
        listener,
        stopped,
        onLeft);
  }
}
