package dev.netshrink.orchestrator.campaign;

import dev.netshrink.protocol.spec.CampaignSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The trial graph a spec expands into: one teacher, one student per alpha x temperature (plus the
 * CE-only baseline), one pruning sweep. Ids are stable so a replayed log maps to the same trials.
 */
public record TrialPlan(
    String trialId, String name, TrialKind kind, Double alpha, Double temperature) {

  public static List<TrialPlan> expand(String campaignId, CampaignSpec spec) {
    List<TrialPlan> plan = new ArrayList<>();
    plan.add(new TrialPlan(campaignId + "/teacher", "teacher", TrialKind.TEACHER, null, null));
    for (double alpha : spec.distillation().alphas()) {
      for (double t : spec.distillation().temperatures()) {
        String name = String.format(Locale.ROOT, "kd-a%s-t%s", trim(alpha), trim(t));
        plan.add(new TrialPlan(campaignId + "/" + name, name, TrialKind.STUDENT, alpha, t));
      }
    }
    if (spec.distillation().baselineOrDefault()) {
      plan.add(
          new TrialPlan(campaignId + "/ce-baseline", "ce-baseline", TrialKind.STUDENT, 0.0, 1.0));
    }
    if (!spec.pruning().models().isEmpty()) {
      plan.add(new TrialPlan(campaignId + "/prune", "prune", TrialKind.PRUNE, null, null));
    }
    return plan;
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
