package dev.netshrink.workers.runtime;

import ai.djl.Model;
import dev.netshrink.protocol.event.KeptModel;
import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.event.PruneStage;
import dev.netshrink.protocol.job.JobSpec.PruneTarget;
import dev.netshrink.protocol.spec.PruningMethod;
import dev.netshrink.protocol.spec.PruningSchedule;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.prune.ChannelRule;
import dev.netshrink.workers.prune.LatencyTimer;
import dev.netshrink.workers.prune.PruningSweep;
import dev.netshrink.workers.prune.StructuredSweep;
import dev.netshrink.workers.prune.SweepMeasurement;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * One {@link PruningSchedule.Plan} on one model and method: each round prunes what the round before
 * left (and fine-tuned) to the round's ratio of the original network, measures it, fine-tunes it
 * and keeps the fine-tuned network. Masked methods prune by magnitude again, so a weight zeroed
 * once (the smallest there is) stays zeroed; channel methods remove the share of the narrowed
 * network's channels that leaves the round's ratio of the original ones.
 */
final class ScheduledPruning {

  /** Puts a round's network on the models topic and says where it is. */
  @FunctionalInterface
  interface Keeper {
    KeptModel keep(String key, int[] widths, byte[] parameters);
  }

  private final PruneTarget target;
  private final ImageDataset test;
  private final int evalBatchSize;
  private final FineTuning tuning;
  private final Keeper keeper;
  private final Cancellation cancellation;

  /** Structured rounds keep channel counts at multiples of this. */
  private final int roundTo;

  ScheduledPruning(
      PruneTarget target,
      ImageDataset test,
      int evalBatchSize,
      int roundTo,
      FineTuning tuning,
      Keeper keeper,
      Cancellation cancellation) {
    this.target = target;
    this.test = test;
    this.evalBatchSize = evalBatchSize;
    this.roundTo = roundTo;
    this.tuning = tuning;
    this.keeper = keeper;
    this.cancellation = cancellation;
  }

  /** Runs every round of {@code plan} from the dense network's parameters, emitting each point. */
  void run(
      byte[] denseParameters,
      PruningMethod method,
      PruningSchedule.Plan plan,
      Consumer<PrunePoint> emit)
      throws Exception {
    List<Integer> widths = target.widths();
    byte[] parameters = denseParameters;
    double left = 1;
    for (int round = 1; round <= plan.rounds(); round++) {
      cancellation.check();
      double ratio = plan.ratios().get(round - 1);
      FineTuning.Capturing capture = tuning.capturing(plan.epochsPerRound());
      SweepMeasurement measured;
      try (Model model = Networks.load(target.arch(), widths, test, parameters)) {
        if (method.isStructured()) {
          // of what is left: leaves (1 - ratio) of the original channels
          double share = Math.max(0, 1 - (1 - ratio) / left);
          measured =
              StructuredSweep.run(
                      Networks.structured(target.arch(), widths, model, test),
                      test,
                      List.of(share),
                      new ChannelRule(method.norm(), roundTo),
                      evalBatchSize,
                      capture,
                      LatencyTimer.ALONE)
                  .get(0);
          widths = Arrays.stream(measured.narrowed().orElseThrow().widths()).boxed().toList();
        } else {
          measured =
              PruningSweep.run(
                      model.getBlock(),
                      test,
                      List.of(ratio),
                      evalBatchSize,
                      method == PruningMethod.GLOBAL_L1_UNSTRUCTURED,
                      capture,
                      LatencyTimer.ALONE)
                  .get(0);
        }
      }
      left = 1 - ratio;
      parameters = capture.take().parameters();
      PruneStage stage = new PruneStage(plan.kind(), round, plan.rounds(), plan.epochsPerRound());
      KeptModel kept =
          keeper.keep(
              KeptModel.keyOf(target.checkpointTrialId(), method.wireName(), stage, ratio),
              widths.stream().mapToInt(Integer::intValue).toArray(),
              parameters);
      emit.accept(
          measured.asPrunePoint(target.model(), method, ratio).withKept(kept).withStage(stage));
    }
  }
}
