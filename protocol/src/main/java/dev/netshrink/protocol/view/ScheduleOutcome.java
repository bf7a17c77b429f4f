package dev.netshrink.protocol.view;

import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.spec.ModelRole;
import dev.netshrink.protocol.spec.PruningMethod;
import dev.netshrink.protocol.spec.ScheduleKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a gradual pruning schedule ended against one-shot pruning with the same fine-tuning epochs in
 * all, for one model and method: both at the schedule's target ratio, accuracy after the last
 * fine-tuning. {@code gain} is the schedule's accuracy minus one-shot's (NaN while either is
 * missing).
 */
public record ScheduleOutcome(
    ModelRole model,
    PruningMethod method,
    ScheduleKind schedule,
    double ratio,
    int rounds,
    int totalFineTuneEpochs,
    double accuracy,
    double oneShotAccuracy,
    long parameters,
    long oneShotParameters) {

  public double gain() {
    return accuracy - oneShotAccuracy;
  }

  /** One outcome per model, method and gradual schedule whose last round was measured. */
  public static List<ScheduleOutcome> of(List<PrunePoint> pruning) {
    Map<String, PrunePoint> oneShot = new LinkedHashMap<>();
    List<PrunePoint> lastRounds = new ArrayList<>();
    for (PrunePoint p : pruning) {
      if (p.stage() == null || p.stage().round() != p.stage().rounds()) {
        continue;
      }
      if (p.stage().schedule() == ScheduleKind.ONE_SHOT) {
        oneShot.put(p.model() + "|" + p.method(), p);
      } else {
        lastRounds.add(p);
      }
    }
    List<ScheduleOutcome> out = new ArrayList<>();
    for (PrunePoint p : lastRounds) {
      PrunePoint rival = oneShot.get(p.model() + "|" + p.method());
      out.add(
          new ScheduleOutcome(
              p.model(),
              p.method(),
              p.stage().schedule(),
              p.ratio(),
              p.stage().rounds(),
              p.stage().rounds() * p.stage().fineTuneEpochs(),
              p.fineTunedAccuracy(),
              rival == null ? Double.NaN : rival.fineTunedAccuracy(),
              p.parameters(),
              rival == null ? 0 : rival.parameters()));
    }
    return out;
  }
}
