package dev.netshrink.orchestrator.campaign;

import dev.netshrink.protocol.event.KeptModel;
import dev.netshrink.protocol.event.TrialsAdded;
import dev.netshrink.protocol.spec.CampaignSpec;
import dev.netshrink.protocol.spec.ModelRole;
import dev.netshrink.protocol.spec.PruningMethod;
import dev.netshrink.protocol.spec.PruningSchedule;
import dev.netshrink.protocol.spec.PruningSpec;
import dev.netshrink.protocol.spec.ScheduleKind;
import dev.netshrink.protocol.spec.SearchStrategy;
import dev.netshrink.protocol.spec.StudentSpec;
import dev.netshrink.protocol.view.TrialSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The trial graph a spec expands into: one teacher, one student per alpha x temperature (or, for a
 * random search, per point {@link RandomSearch} draws, with its {@code settings}), plus the CE-only
 * baseline, and the pruning as slices that pruner workers share: per pruned model and method, one
 * trial per {@code pruning.ratiosPerJob} ratios of the sweep ({@code
 * prune-student-l2-structured-0.00-0.20}; one for all of them is just {@code
 * prune-student-l2-structured}), and one per plan of the schedule ({@code
 * prune-student-l2-structured-agp}), and with {@code pruning.sensitivity} one per model and method
 * for the layer sensitivity analysis ({@code prune-student-l2-structured-sensitivity}) and, with a
 * {@code target.maxParams}, one for the network pruned per layer from it ({@code
 * prune-student-l2-structured-by-layer}). Ids are stable so a replayed log maps to the same trials.
 */
public record TrialPlan(
    String trialId,
    String name,
    TrialKind kind,
    Double alpha,
    Double temperature,
    TrialSettings settings,
    PruneSlice prune) {

  /**
   * What one pruning trial does: {@code model} pruned by {@code method} at {@code ratios} of the
   * sweep (with {@code sensitivity}: each layer alone at them), or (with {@code plan}) that plan of
   * the schedule, or (with {@code byLayer}) with per-layer ratios chosen from the sensitivity
   * analysis for the target's parameter budget.
   */
  public record PruneSlice(
      ModelRole model,
      PruningMethod method,
      List<Double> ratios,
      ScheduleKind plan,
      boolean sensitivity,
      boolean byLayer) {

    public PruneSlice {
      ratios = List.copyOf(ratios);
    }
  }

  /** The name of the CE-only student trial. */
  static final String BASELINE = "ce-baseline";

  /** Whether this is the CE-only baseline, the reference the KD trials are compared with. */
  boolean isBaseline() {
    return kind == TrialKind.STUDENT && BASELINE.equals(name);
  }

  public static List<TrialPlan> expand(String campaignId, CampaignSpec spec) {
    List<TrialPlan> plan = new ArrayList<>();
    plan.add(training(campaignId, "teacher", TrialKind.TEACHER, null, null));
    if (spec.search() != null && spec.search().strategy() != SearchStrategy.GRID) {
      plan.addAll(RandomSearch.draw(campaignId, spec));
    } else {
      for (double alpha : spec.distillation().alphas()) {
        for (double t : spec.distillation().temperatures()) {
          plan.add(training(campaignId, gridName(alpha, t), TrialKind.STUDENT, alpha, t));
        }
      }
    }
    if (spec.distillation().baselineOrDefault()) {
      plan.add(training(campaignId, BASELINE, TrialKind.STUDENT, 0.0, 1.0));
    }
    PruningSpec pruning = spec.pruning();
    List<Double> ratios = pruning.ratios().values();
    int perJob =
        pruning.ratiosPerJob() == null
            ? PruningSpec.DEFAULT_RATIOS_PER_JOB
            : pruning.ratiosPerJob();
    for (ModelRole model : pruning.models()) {
      for (PruningMethod method : pruning.methods()) {
        String slice = "prune-" + model.wireName() + "-" + method.wireName();
        for (int from = 0; from < ratios.size(); from += perJob) {
          List<Double> chunk = ratios.subList(from, Math.min(ratios.size(), from + perJob));
          String name =
              chunk.size() == ratios.size()
                  ? slice
                  : slice
                      + "-"
                      + KeptModel.ratioName(chunk.get(0))
                      + "-"
                      + KeptModel.ratioName(chunk.get(chunk.size() - 1));
          plan.add(
              pruning(campaignId, name, new PruneSlice(model, method, chunk, null, false, false)));
        }
        if (Boolean.TRUE.equals(pruning.sensitivity())) {
          plan.add(
              pruning(
                  campaignId,
                  slice + "-sensitivity",
                  new PruneSlice(model, method, ratios, null, true, false)));
          if (spec.target() != null && spec.target().maxParams() != null) {
            plan.add(
                pruning(
                    campaignId,
                    slice + "-by-layer",
                    new PruneSlice(model, method, List.of(), null, false, true)));
          }
        }
        if (pruning.schedule() != null) {
          for (PruningSchedule.Plan p : pruning.schedule().plans()) {
            plan.add(
                pruning(
                    campaignId,
                    slice + "-" + p.kind().wireName(),
                    new PruneSlice(model, method, List.of(), p.kind(), false, false)));
          }
        }
      }
    }
    return plan;
  }

  /** The name of the grid's student at {@code alpha} and {@code temperature}: kd-a0.5-t4. */
  static String gridName(double alpha, double temperature) {
    return String.format(Locale.ROOT, "kd-a%s-t%s", trim(alpha), trim(temperature));
  }

  /** A student a user added to the running campaign. */
  static TrialPlan added(String campaignId, TrialsAdded.Added t) {
    return new TrialPlan(
        campaignId + "/" + t.name(),
        t.name(),
        TrialKind.STUDENT,
        t.alpha(),
        t.temperature(),
        t.settings(),
        null);
  }

  private static TrialPlan training(
      String campaignId, String name, TrialKind kind, Double alpha, Double temperature) {
    return new TrialPlan(campaignId + "/" + name, name, kind, alpha, temperature, null, null);
  }

  private static TrialPlan pruning(String campaignId, String name, PruneSlice slice) {
    return new TrialPlan(campaignId + "/" + name, name, TrialKind.PRUNE, null, null, null, slice);
  }

  /** How this student trial trains: the spec's student, with a search point's settings if any. */
  public StudentSpec student(StudentSpec base) {
    if (settings == null) {
      return base;
    }
    return new StudentSpec(
        base.arch(),
        settings.widths(),
        base.maxParams(),
        settings.epochs(),
        settings.batchSize(),
        settings.learningRate(),
        base.schedule(),
        base.fuse());
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
