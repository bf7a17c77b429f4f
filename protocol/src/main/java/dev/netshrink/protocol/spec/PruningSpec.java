package dev.netshrink.protocol.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * The pruning sweep: which {@link PruningMethod methods}, at which ratios, on which models
 * (teacher, student). {@code method} (one name) is accepted for specs written before {@code
 * methods} existed; the resolved spec always lists {@code methods}. With {@code fineTuneEpochs > 0}
 * every pruned network is also fine-tuned that many epochs (KD on the cached teacher logits for the
 * student, with the best student's alpha and T; plain CE for the teacher; pruned weights stay zero)
 * and measured again. {@code schedule} (optional) also prunes each model and method gradually to a
 * target ratio with fine-tuning between rounds ({@link PruningSchedule}). The work fans out as
 * separate pruner jobs: one per model, method and {@code ratiosPerJob} ratios of the sweep, and one
 * per model, method and plan of the schedule, so that N pruners share it and a lost pruner loses
 * one slice. {@code sensitivity: true} also prunes each layer alone at each ratio of the sweep
 * (Distiller's sensitivity analysis), one job per model and method.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PruningSpec(
    PruningMethod method,
    List<PruningMethod> methods,
    RatioRange ratios,
    List<ModelRole> models,
    Integer fineTuneEpochs,
    PruningSchedule schedule,
    Integer ratiosPerJob,
    Boolean sensitivity,
    Integer roundTo) {

  /**
   * Structured pruning keeps channel counts at multiples of this: the CPU's convolution kernels run
   * a group of 26 channels slower than one of 32 (see the workers' {@code ChannelRule}).
   */
  public static final int DEFAULT_ROUND_TO = 8;

  /**
   * What {@code roundTo} says; 1 keeps {@code ln_structured}'s exact counts. A spec without it gets
   * {@link #DEFAULT_ROUND_TO} from its defaults; a job written before the field existed ran with
   * exact counts, and runs so again.
   */
  public int channelRoundTo() {
    return roundTo == null ? 1 : roundTo;
  }

  /** How many of the sweep's ratios one pruner job measures when the spec does not say. */
  public static final int DEFAULT_RATIOS_PER_JOB = 5;

  public static final List<PruningMethod> DEFAULT_METHODS =
      List.of(PruningMethod.L1_UNSTRUCTURED, PruningMethod.L2_STRUCTURED);

  /** An inclusive range of ratios, e.g. 0.00 to 0.95 by 0.05. */
  public record RatioRange(Double from, Double to, Double step) {

    /** The ratios, rounded to 4 decimals so that 0.1 + 0.2 style drift never adds a point. */
    public List<Double> values() {
      List<Double> out = new ArrayList<>();
      int n = (int) Math.floor((to - from) / step + 1e-9);
      for (int i = 0; i <= n; i++) {
        out.add(Math.round((from + i * step) * 10_000d) / 10_000d);
      }
      return out;
    }
  }
}
