package dev.netshrink.protocol.event;

import dev.netshrink.protocol.spec.CampaignSpec;
import dev.netshrink.protocol.spec.SpecError;
import dev.netshrink.protocol.spec.SpecValidator;
import dev.netshrink.protocol.wire.Checks;
import dev.netshrink.protocol.wire.Validated;
import java.util.List;

/** The durable record of a submission on the campaigns topic (compacted, keyed by id). */
public record CampaignSubmitted(String campaignId, long submittedAtMillis, CampaignSpec spec)
    implements Validated {

  /**
   * A submission holds a spec with its defaults filled in, as the API wrote it: every section
   * present and valid by the rules a submission passed (the data files are checked by the workers,
   * which read them).
   */
  @Override
  public void validate() {
    Checks.id(campaignId, "campaignId");
    Checks.atLeast(submittedAtMillis, 1, "submittedAtMillis");
    Checks.present(spec, "spec");
    Checks.present(spec.name(), "spec.name");
    Checks.present(spec.dataset(), "spec.dataset");
    Checks.present(spec.teacher(), "spec.teacher");
    Checks.present(spec.student(), "spec.student");
    Checks.present(spec.distillation(), "spec.distillation");
    Checks.present(spec.logits(), "spec.logits");
    Checks.present(spec.pruning(), "spec.pruning");
    List<SpecError> errors;
    try {
      errors = SpecValidator.validate(spec, false);
    } catch (RuntimeException e) {
      // a field inside a section is missing: the API never writes such a spec
      throw new IllegalArgumentException("spec is incomplete: " + e, e);
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("spec is invalid: " + errors);
    }
  }
}
