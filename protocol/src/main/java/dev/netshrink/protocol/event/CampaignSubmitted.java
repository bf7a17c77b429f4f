package dev.netshrink.protocol.event;

import dev.netshrink.protocol.spec.CampaignSpec;
import dev.netshrink.protocol.wire.Checks;
import dev.netshrink.protocol.wire.Validated;

/** The durable record of a submission on the campaigns topic (compacted, keyed by id). */
public record CampaignSubmitted(String campaignId, long submittedAtMillis, CampaignSpec spec)
    implements Validated {

  /**
   * What the orchestrator reads of a submission is there: ids, every section of the spec, and the
   * names and lists it expands into trials. The spec's rules and limits were checked when it was
   * submitted; they are not checked again here, so a submission accepted under older rules (or
   * before a limit was lowered) still replays.
   */
  @Override
  public void validate() {
    Checks.id(campaignId, "campaignId");
    Checks.atLeast(submittedAtMillis, 1, "submittedAtMillis");
    Checks.present(spec, "spec");
    Checks.id(spec.name(), "spec.name");
    Checks.present(spec.dataset(), "spec.dataset");
    Checks.present(spec.teacher(), "spec.teacher");
    Checks.present(spec.teacher().arch(), "spec.teacher.arch");
    Checks.present(spec.student(), "spec.student");
    Checks.present(spec.student().arch(), "spec.student.arch");
    Checks.present(spec.student().widths(), "spec.student.widths");
    Checks.present(spec.distillation(), "spec.distillation");
    Checks.present(spec.distillation().alphas(), "spec.distillation.alphas");
    Checks.present(spec.distillation().temperatures(), "spec.distillation.temperatures");
    spec.distillation()
        .alphas()
        .forEach(a -> Checks.fraction(Checks.present(a, "an alpha"), "an alpha"));
    spec.distillation()
        .temperatures()
        .forEach(t -> Checks.positive(Checks.present(t, "a temperature"), "a temperature"));
    Checks.present(spec.logits(), "spec.logits");
    Checks.present(spec.pruning(), "spec.pruning");
    Checks.present(spec.pruning().models(), "spec.pruning.models");
    Checks.present(spec.pruning().methods(), "spec.pruning.methods");
    Checks.present(spec.pruning().ratios(), "spec.pruning.ratios");
  }
}
