package dev.netshrink.workers.distill;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.netshrink.workers.data.BatchFeeder;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.model.DepthwiseStudentShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Trains a pack of students that differ only in their loss (alpha, temperature) as one {@link
 * FusedStudent}: same architecture, data, batches, epochs, learning rate and seed, so every member
 * sees what it would see alone, and the summed loss gives each member's slice exactly its own
 * gradient (nothing couples the slices: BatchNorm and Adam work per channel and per element). Each
 * member ends with the weights, losses and accuracies it would have had alone, within float
 * rounding ({@code PackTrainerTest}).
 *
 * <p>A member that is stopped or diverges leaves the pack at once (its {@link PackMember#onLeft}
 * runs); its slice keeps computing, unseen, until the end of the epoch, where the pack is formed
 * again without it from the others' resume points. Only one training may run in a JVM at a time.
 */
public final class PackTrainer {

  private final TrainingSettings settings;
  private final DepthwiseStudentShape shape;

  /** {@code settings}: the members' shared training; initial parameters are per member here. */
  public PackTrainer(TrainingSettings settings, DepthwiseStudentShape shape) {
    if (settings.initialParameters().isPresent() || settings.afterStep().isPresent()) {
      throw new IllegalArgumentException(
          "a pack's members resume from their own parameters and take no per-step hook");
    }
    this.settings = settings;
    this.shape = shape;
  }

  /**
   * Trains every member from {@code startEpoch} (of {@code settings}) to the end.
   *
   * @return the members still in the pack at the end, by position in {@code members} (empty for
   *     those that left), each with its network; the caller closes them
   * @throws CancellationException when {@code cancelled} (the whole pack stops)
   */
  public List<Optional<Model>> train(
      List<PackMember> members,
      ImageDataset train,
      TeacherLogits teacherLogits,
      ImageDataset eval,
      BooleanSupplier cancelled)
      throws MalformedModelException {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a pack needs at least one member");
    }
    if (settings.mirrorImages() && !teacherLogits.hasMirrored()) {
      throw new IllegalArgumentException(
          "training with flipped images needs the teacher's logits of the flipped view, "
              + teacherLogits
              + " has none");
    }
    List<Optional<Model>> results = new ArrayList<>();
    List<Integer> active = new ArrayList<>();
    for (int k = 0; k < members.size(); k++) {
      results.add(Optional.empty());
      active.add(k);
    }
    List<PackMember> current = new ArrayList<>(members);
    int start = settings.startEpoch();
    while (!active.isEmpty()) {
      PackRun run =
          new PackRun(settings, shape, current, start, train, teacherLogits, eval, cancelled);
      PackRun.Outcome outcome = run.run();
      if (outcome.finished()) {
        for (int i = 0; i < active.size(); i++) {
          if (outcome.remaining().contains(i)) {
            results.set(active.get(i), Optional.of(outcome.models().get(i)));
          }
        }
        return results;
      }
      // members left: the rest go on as a smaller pack from where this stretch ended
      List<Integer> nextActive = new ArrayList<>();
      List<PackMember> next = new ArrayList<>();
      for (int i : outcome.remaining()) {
        nextActive.add(active.get(i));
        next.add(current.get(i).resumedFrom(outcome.parameters().get(i), outcome.states().get(i)));
      }
      active = nextActive;
      current = next;
      start = outcome.epoch();
    }
    return results;
  }

  /** Member {@code k}'s logits, (batch, classes), out of a fused network's (batch, K x classes). */
  static NDArray memberLogits(NDArray fused, int k, int classes) {
    return fused.get(new NDIndex(":, {}:{}", k * classes, (k + 1) * classes));
  }

  /** The teacher's logits of a batch's images, in its order, of the flipped view where flipped. */
  static NDArray teacherRows(
      BatchFeeder feeder,
      NDManager manager,
      TeacherLogits logits,
      boolean[] mirror,
      int[] order,
      int from,
      int size) {
    return feeder.rows(
        manager, logits.values(), logits.mirrored(), mirror, logits.classes(), order, from, size);
  }

  static Shape inputShape(ImageDataset data) {
    return new Shape(1, data.channels(), data.height(), data.width());
  }
}
