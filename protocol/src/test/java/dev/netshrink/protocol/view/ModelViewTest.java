package dev.netshrink.protocol.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.protocol.event.KeptModel;
import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.spec.ModelRole;
import dev.netshrink.protocol.spec.PruningMethod;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A campaign's models and their lineage, from its view. */
class ModelViewTest {

  @Test
  void studentsComeFromTheTeacherAndKeptNetworksFromTheTrialTheyWerePrunedFrom() {
    PrunePoint masked =
        new PrunePoint(
            ModelRole.STUDENT, PruningMethod.L1_UNSTRUCTURED, 0.5, 0.8, 1, 2, 3, 0.01, 64, 9, 0.81);
    PrunePoint narrowed =
        new PrunePoint(
                ModelRole.STUDENT,
                PruningMethod.L2_STRUCTURED,
                0.5,
                0.7,
                1,
                2,
                16_394,
                0.004,
                64,
                8,
                Double.NaN)
            .withKept(
                new KeptModel(
                    KeptModel.keyOf("c/kd-a0.9-t4", "l2-structured", 0.5), "c/kd-a0.9-t4", 72_592));
    CampaignView campaign =
        new CampaignView(
            "c",
            "n",
            CampaignStatus.SUCCEEDED,
            1L,
            List.of(
                trial("teacher", "teacher", null, 0.9, 625_600L),
                trial("kd-a0.9-t4", "student", 0.9, 0.85, 244_200L),
                trial("ce-baseline", "student", 0.0, 0.84, 244_200L),
                trial("prune", "prune", null, null, null)),
            List.of(masked, narrowed),
            null,
            List.of());

    List<ModelView> models = ModelView.of(campaign);

    assertThat(models)
        .extracting(ModelView::id, m -> m.parents(), ModelView::operation, ModelView::bytes)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("teacher", List.of(), "train", 625_600L),
            org.assertj.core.groups.Tuple.tuple(
                "kd-a0.9-t4", List.of("teacher"), "distil alpha 0.9 T 4.0", 244_200L),
            org.assertj.core.groups.Tuple.tuple(
                "ce-baseline", List.of(), "train on labels", 244_200L),
            org.assertj.core.groups.Tuple.tuple(
                "kd-a0.9-t4/l2-structured/0.50",
                List.of("kd-a0.9-t4"),
                "prune l2-structured 0.50",
                72_592L));
    assertThat(models.get(3).accuracy()).isEqualTo(0.7);
    assertThat(models.get(3).latencyMs()).isEqualTo(4.0);
  }

  private static TrialView trial(
      String name, String kind, Double alpha, Double accuracy, Long bytes) {
    return new TrialView(
        "c/" + name,
        name,
        kind,
        alpha,
        alpha == null ? null : 4.0,
        TrialStatus.SUCCEEDED,
        1,
        "w",
        List.of(),
        1.0,
        null,
        accuracy,
        1L,
        1.0,
        null,
        bytes);
  }
}
