package dev.netshrink.workers.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.netshrink.workers.data.BatchFeeder;

/** What a training loop minimizes on one batch, given the network's logits for it. */
@FunctionalInterface
interface BatchObjective {

  /**
   * The loss of one batch.
   *
   * @param batch where the batch came from, for objectives that need aligned extra inputs
   * @param logits the network's raw outputs, (size, classes)
   * @param labels true classes, (size), int64
   */
  LossTerms loss(BatchSlice batch, NDArray logits, NDArray labels);

  /**
   * A batch's place in the epoch: images {@code order[from .. from+size)}, arrays scoped to {@code
   * manager}; {@code images} is the batch the network saw, position {@code i} flipped where {@code
   * mirror[i]} ({@code mirror} null when nothing was flipped).
   */
  record BatchSlice(
      NDManager manager,
      BatchFeeder feeder,
      int[] order,
      boolean[] mirror,
      int from,
      int size,
      NDArray images) {}
}
