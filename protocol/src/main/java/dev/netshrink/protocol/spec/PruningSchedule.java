package dev.netshrink.protocol.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.netshrink.protocol.wire.WireName;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pruning.schedule}: reach {@code targetRatio} in {@code rounds} rounds of pruning, each
 * followed by {@code fineTuneEpochs} epochs of fine-tuning (KD on the cached logits for a student),
 * for every model and method of the sweep. Each round's network is kept as a model. The schedule
 * also runs its fair rival: one-shot pruning to the target with the same total of fine-tuning
 * epochs ({@code rounds x fineTuneEpochs}), so the report shows whether going gradually paid.
 *
 * <p>Ratios are of the original network: round k of an iterative schedule leaves {@code 1 -
 * target*k/n} of it, whatever the previous round left. Channel pruning removes from the already
 * narrowed network the share that makes it so.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PruningSchedule(
    ScheduleKind kind, Double targetRatio, Integer rounds, Integer fineTuneEpochs) {

  public static final int MAX_ROUNDS = 20;

  /** One schedule as run: its kind, the ratio after each round, the epochs after each. */
  public record Plan(ScheduleKind kind, List<Double> ratios, int epochsPerRound) {

    public int rounds() {
      return ratios.size();
    }
  }

  /** This schedule with every absent field filled: iterative, 3 rounds, 1 epoch each. */
  public PruningSchedule resolved() {
    return new PruningSchedule(
        kind == null ? ScheduleKind.ITERATIVE : kind,
        targetRatio,
        rounds == null ? 3 : rounds,
        fineTuneEpochs == null ? 1 : fineTuneEpochs);
  }

  /** The ratio after each round, of the original network, rounded to 4 decimals. */
  public List<Double> ratios() {
    if (kind == ScheduleKind.ONE_SHOT) {
      return List.of(targetRatio);
    }
    List<Double> out = new ArrayList<>();
    for (int k = 1; k <= rounds; k++) {
      double done = (double) k / rounds;
      double ratio =
          kind == ScheduleKind.AGP ? targetRatio * (1 - Math.pow(1 - done, 3)) : targetRatio * done;
      out.add(Math.round(ratio * 10_000d) / 10_000d);
    }
    return out;
  }

  /**
   * What runs: this schedule, and before it (unless it is one-shot already) one-shot pruning with
   * the same fine-tuning epochs in all.
   */
  public List<Plan> plans() {
    Plan oneShot = new Plan(ScheduleKind.ONE_SHOT, List.of(targetRatio), rounds * fineTuneEpochs);
    if (kind == ScheduleKind.ONE_SHOT) {
      return List.of(oneShot);
    }
    return List.of(oneShot, new Plan(kind, ratios(), fineTuneEpochs));
  }

  /** Every problem of a resolved schedule, each naming its field. */
  public List<SpecError> problems(SpecLimits limits) {
    List<SpecError> errors = new ArrayList<>();
    String at = "pruning.schedule.";
    if (kind == null) {
      errors.add(
          new SpecError(at + "kind", "must be one of " + WireName.names(ScheduleKind.class)));
    }
    if (targetRatio == null) {
      errors.add(new SpecError(at + "targetRatio", "is required: the share to prune, in (0, 1)"));
    } else if (!(targetRatio > 0 && targetRatio < 1)) {
      errors.add(new SpecError(at + "targetRatio", targetRatio + " is outside (0, 1)"));
    }
    if (rounds < 1 || rounds > MAX_ROUNDS) {
      errors.add(new SpecError(at + "rounds", rounds + " must be between 1 and " + MAX_ROUNDS));
    }
    if (fineTuneEpochs < 1 || (long) rounds * fineTuneEpochs > limits.maxFineTuneEpochs()) {
      errors.add(
          new SpecError(
              at + "fineTuneEpochs",
              fineTuneEpochs
                  + " must be at least 1, and rounds x fineTuneEpochs at most "
                  + limits.maxFineTuneEpochs()
                  + " (netshrink.spec.limits.max-fine-tune-epochs)"));
    }
    return errors;
  }
}
