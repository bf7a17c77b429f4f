package dev.netshrink.protocol.event;

import dev.netshrink.protocol.spec.ScheduleKind;
import dev.netshrink.protocol.wire.Checks;

/**
 * Where a pruned point stands in a {@code pruning.schedule}: round {@code round} of {@code rounds}
 * of a {@code schedule}, fine-tuned {@code fineTuneEpochs} epochs after its pruning. A sweep point
 * has none.
 */
public record PruneStage(ScheduleKind schedule, int round, int rounds, int fineTuneEpochs) {

  public void validate() {
    Checks.present(schedule, "stage.schedule");
    Checks.atLeast(rounds, 1, "stage.rounds");
    Checks.atLeast(round, 1, "stage.round");
    Checks.atLeast(rounds, round, "stage.rounds");
    Checks.atLeast(fineTuneEpochs, 0, "stage.fineTuneEpochs");
  }
}
