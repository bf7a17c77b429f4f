package dev.netshrink.protocol.view;

import dev.netshrink.protocol.event.KeptModel;
import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.event.PruneStage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One model a campaign made, with where it came from: the teacher, each student (distilled from the
 * teacher's logits, or trained on labels alone), and each network a sweep kept ({@code
 * kd-a0.9-t4/l2-structured/0.50}, pruned from its parent), and each round of a pruning schedule
 * ({@code kd-a0.9-t4/l2-structured/iterative/0.50}, pruned and fine-tuned from the round before;
 * its accuracy is after fine-tuning). {@code id} is what `netshrink export` takes; {@code bytes}
 * the size of its parameters file; MACs and latency are the sweep's measurements (for a trial's own
 * model, of its ratio-0 point; null when the sweep did not prune it).
 */
public record ModelView(
    String id,
    List<String> parents,
    String operation,
    Double accuracy,
    Long parameters,
    Long macs,
    Double latencyMs,
    Long bytes) {

  public ModelView {
    parents = List.copyOf(parents);
  }

  /** The campaign's models: its finished teacher and students, then the networks kept. */
  public static List<ModelView> of(CampaignView campaign) {
    List<ModelView> models = new ArrayList<>();
    // the sweep measured a model's own MACs and latency at ratio 0, when it pruned it; indexed
    // once, since the view is built for every push of a campaign with up to thousands of each
    Map<String, PrunePoint> unprunedOf = new HashMap<>();
    for (PrunePoint p : campaign.pruning()) {
      if (p.ratio() == 0 && p.kept() != null) {
        unprunedOf.putIfAbsent(p.kept().parentTrialId(), p);
      }
    }
    String teacher = null;
    for (TrialView t : campaign.trials()) {
      if (t.state() != TrialStatus.SUCCEEDED || t.kind().equals("prune")) {
        continue;
      }
      boolean isTeacher = t.kind().equals("teacher");
      if (isTeacher) {
        teacher = t.name();
      }
      boolean distilled = !isTeacher && t.alpha() != null && t.alpha() > 0;
      PrunePoint unpruned = unprunedOf.get(t.trialId());
      models.add(
          new ModelView(
              t.name(),
              distilled && teacher != null ? List.of(teacher) : List.of(),
              isTeacher
                  ? "train"
                  : distilled
                      ? String.format(
                          Locale.ROOT, "distil alpha %s T %s", t.alpha(), t.temperature())
                      : "train on labels",
              t.accuracy(),
              t.parameters(),
              unpruned == null ? null : unpruned.macs(),
              unpruned == null ? null : unpruned.latencySeconds() * 1000,
              t.modelBytes()));
    }
    // a schedule's round k was pruned from its round k-1: found by parent, method, schedule, round
    Map<String, String> roundIds = new HashMap<>();
    for (PrunePoint p : campaign.pruning()) {
      if (p.kept() != null && p.stage() != null) {
        roundIds.put(roundKey(p, p.stage().round()), idOf(p.kept()));
      }
    }
    for (PrunePoint p : campaign.pruning()) {
      KeptModel kept = p.kept();
      if (kept == null) {
        continue;
      }
      String parent = nameOf(kept.parentTrialId());
      PruneStage stage = p.stage();
      if (p.layerRatios() != null) {
        models.add(
            new ModelView(
                idOf(kept),
                List.of(parent),
                "prune "
                    + p.method().wireName()
                    + " by layer "
                    + p.layerRatios().stream()
                        .map(r -> String.format(Locale.ROOT, "%.2f", r))
                        .toList()
                    + " (from the sensitivity analysis)",
                accuracyOf(p),
                p.parameters(),
                p.macs(),
                p.latencySeconds() * 1000,
                kept.bytes()));
        continue;
      }
      if (stage == null) {
        models.add(
            new ModelView(
                idOf(kept),
                List.of(parent),
                String.format(Locale.ROOT, "prune %s %.2f", p.method().wireName(), p.ratio()),
                Double.isNaN(p.accuracy()) ? null : p.accuracy(),
                p.parameters(),
                p.macs(),
                p.latencySeconds() * 1000,
                kept.bytes()));
        continue;
      }
      String previous = stage.round() == 1 ? parent : roundIds.get(roundKey(p, stage.round() - 1));
      models.add(
          new ModelView(
              idOf(kept),
              previous == null ? List.of(parent) : List.of(previous),
              String.format(
                  Locale.ROOT,
                  "%s %d/%d: prune %s to %.2f, fine-tune %d epoch%s",
                  stage.schedule().wireName(),
                  stage.round(),
                  stage.rounds(),
                  p.method().wireName(),
                  p.ratio(),
                  stage.fineTuneEpochs(),
                  stage.fineTuneEpochs() == 1 ? "" : "s"),
              Double.isNaN(p.fineTunedAccuracy()) ? null : p.fineTunedAccuracy(),
              p.parameters(),
              p.macs(),
              p.latencySeconds() * 1000,
              kept.bytes()));
    }
    for (PrunePoint p : campaign.pruning()) {
      if (p.fineTunedKept() != null) {
        models.add(fineTunedCopy(p));
      }
    }
    return models;
  }

  /** The sweep's fine-tuned copy of a pruned network: from the pruned one when that was kept. */
  private static ModelView fineTunedCopy(PrunePoint p) {
    KeptModel copy = p.fineTunedKept();
    String trial = nameOf(copy.parentTrialId());
    return new ModelView(
        idOf(copy),
        List.of(p.kept() == null ? trial : idOf(p.kept())),
        String.format(
            Locale.ROOT, "prune %s %.2f, then fine-tune", p.method().wireName(), p.ratio()),
        Double.isNaN(p.fineTunedAccuracy()) ? null : p.fineTunedAccuracy(),
        p.parameters(),
        p.macs(),
        p.latencySeconds() * 1000,
        copy.bytes());
  }

  /** After fine-tuning when it was fine-tuned. */
  private static Double accuracyOf(PrunePoint p) {
    double accuracy = Double.isNaN(p.fineTunedAccuracy()) ? p.accuracy() : p.fineTunedAccuracy();
    return Double.isNaN(accuracy) ? null : accuracy;
  }

  /** A kept network's id: its parent's name, then the rest of its key. */
  private static String idOf(KeptModel kept) {
    return nameOf(kept.parentTrialId()) + kept.key().substring(kept.parentTrialId().length());
  }

  private static String roundKey(PrunePoint p, int round) {
    return p.kept().parentTrialId()
        + "|"
        + p.method().wireName()
        + "|"
        + p.stage().schedule().wireName()
        + "|"
        + round;
  }

  /** The trial's name: its id after the campaign's ({@code c-1/kd-a0.9-t4} -> kd-a0.9-t4). */
  private static String nameOf(String trialId) {
    return trialId.substring(trialId.indexOf('/') + 1);
  }
}
