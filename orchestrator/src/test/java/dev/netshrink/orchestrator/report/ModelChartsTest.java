package dev.netshrink.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.protocol.event.KeptModel;
import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.spec.ModelRole;
import dev.netshrink.protocol.spec.PruningMethod;
import dev.netshrink.protocol.spec.TargetSpec;
import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.ModelView;
import dev.netshrink.protocol.view.TargetChoice;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialView;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's lineage graph and Pareto chart: one box per model, a column per generation. */
class ModelChartsTest {

  @TempDir Path tmp;

  @Test
  void theReportDrawsEveryModelsLineageAndTheParetoFront() throws Exception {
    List<PrunePoint> points = new ArrayList<>();
    for (double ratio : new double[] {0.0, 0.25, 0.5, 0.75}) {
      points.add(
          new PrunePoint(
                  ModelRole.STUDENT,
                  PruningMethod.L2_STRUCTURED,
                  ratio,
                  0.9 - ratio * 0.8,
                  1,
                  2,
                  (long) (58_378 * (1 - ratio) * (1 - ratio)) + 100,
                  0.01,
                  64,
                  1000,
                  Double.NaN)
              .withKept(
                  new KeptModel(
                      KeptModel.keyOf("c/kd-a0.9-t4", "l2-structured", ratio),
                      "c/kd-a0.9-t4",
                      10_000)));
    }
    CampaignView base =
        new CampaignView(
            "c",
            "charts",
            CampaignStatus.SUCCEEDED,
            1L,
            List.of(
                trial("teacher", "teacher", null, 0.91, 155_626L),
                trial("kd-a0.9-t4", "student", 0.9, 0.9, 58_378L),
                trial("ce-baseline", "student", 0.0, 0.88, 58_378L),
                trial("prune", "prune", null, null, null)),
            points,
            null,
            List.of());
    List<ModelView> models = ModelView.of(base);
    CampaignView campaign =
        base.withChoice(
            TargetChoice.of(models, new TargetSpec(30_000L, null, null, null, null), 0.91));

    Path dir = new FileReportWriter(tmp).write(campaign);

    BufferedImage lineage = ImageIO.read(dir.resolve("lineage.png").toFile());
    assertThat(lineage.getWidth()).as("three generations").isGreaterThan(3 * 330);
    assertThat(lineage.getHeight()).as("four pruned networks in a column").isGreaterThan(4 * 36);
    assertThat(Files.size(dir.resolve("pareto.png"))).isGreaterThan(5_000);
    assertThat(Files.readAllLines(dir.resolve("models.csv"))).hasSize(1 + 3 + 4);
    assertThat(campaign.choice().chosen()).isEqualTo("kd-a0.9-t4/l2-structured/0.50");
  }

  private static TrialView trial(
      String name, String kind, Double alpha, Double accuracy, Long parameters) {
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
        parameters,
        1.0,
        null,
        parameters == null ? null : parameters * 4);
  }
}
