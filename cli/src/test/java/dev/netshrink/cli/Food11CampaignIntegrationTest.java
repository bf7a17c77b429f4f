package dev.netshrink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.netshrink.local.EmbeddedSystem;
import dev.netshrink.protocol.event.LogitsPublished;
import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.spec.PruningMethod;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.TrialView;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The homework's workflow on a small generated Food-11 folder (the real one cannot be downloaded
 * here; a spec points at it by path): a ResNet-18 teacher, the HW13 student under its parameter
 * budget, pruning of the student by mask and by channel removal, and the predictions CSV of the
 * unlabelled evaluation images.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class Food11CampaignIntegrationTest {

  @TempDir Path tmp;

  @Test
  void aFood11CampaignRunsEndToEndAndWritesTheSubmissionCsv() throws Exception {
    Path food = tmp.resolve("food-11");
    for (int label = 0; label < 11; label++) {
      for (int index = 0; index < 4; index++) {
        jpeg(food.resolve("training/" + label + "_" + index + ".jpg"), label, index);
      }
      jpeg(food.resolve("validation/" + label + "_0.jpg"), label, 9);
    }
    for (int id = 0; id < 5; id++) {
      jpeg(food.resolve("evaluation/" + String.format("%04d", id) + ".jpg"), id, 5);
    }
    try (EmbeddedSystem system =
        EmbeddedSystem.start(
            ConfigFactory.load(),
            tmp.resolve("kafka"),
            0,
            0,
            tmp.resolve("reports"),
            new EmbeddedSystem.WorkerCounts(1, 1, 1),
            tmp.resolve("logs"))) {
      ApiClient api = new ApiClient(system.apiUrl());
      String id =
          api.submit(
              """
          name: food
          dataset: {kind: food-11, path: %s}
          teacher: {arch: resnet18, epochs: 1, batchSize: 16}
          student: {arch: hw13-student, maxParams: 60000, epochs: 1, batchSize: 16}
          distillation: {alphas: [0.5], temperatures: [4], baseline: false}
          pruning: {methods: [l1-unstructured, l2-structured], ratios: {from: 0.0, to: 0.5, step: 0.5},
                    models: [student]}
          """
                  .formatted(food));

      CampaignView done = new CampaignFollower(api, System.out).follow(id);

      assertThat(done.state()).isEqualTo(CampaignStatus.SUCCEEDED);
      // Food-11 trains with flips: the teacher published its 44 images' logits as they are and
      // flipped, one block each, and the students read both
      List<LogitsPublished> logits = new ArrayList<>();
      TopicContents.read(
          system.bootstrapServers(),
          Topics.withDefaultPrefix().events(),
          (k, e) -> {
            if (e instanceof LogitsPublished published) {
              logits.add(published);
            }
          });
      assertThat(logits)
          .singleElement()
          .satisfies(
              l -> {
                assertThat(l.images()).isEqualTo(44);
                assertThat(l.blocks()).isEqualTo(2);
              });
      assertThat(done.trials())
          .extracting(TrialView::name, TrialView::parameters)
          .startsWith(
              org.assertj.core.groups.Tuple.tuple("teacher", 11_182_155L),
              org.assertj.core.groups.Tuple.tuple("kd-a0.5-t4", 59_147L));
      PrunePoint narrow =
          done.pruning().stream()
              .filter(p -> p.method() == PruningMethod.L2_STRUCTURED && p.ratio() == 0.5)
              .findFirst()
              .orElseThrow();
      PrunePoint dense =
          done.pruning().stream().filter(p -> p.ratio() == 0.0).findFirst().orElseThrow();
      assertThat(narrow.macs()).isLessThan(dense.macs() / 2);
      List<String> csv =
          Files.readAllLines(Path.of(done.reportDir()).resolve("predictions-kd-a0.5-t4.csv"));
      assertThat(csv).hasSize(6).first().isEqualTo("Id,Category");
      assertThat(csv.subList(1, 6))
          .extracting(row -> row.split(",", -1)[0])
          .containsExactly("0000", "0001", "0002", "0003", "0004");
      assertThat(csv.subList(1, 6)).allSatisfy(row -> assertThat(row).matches("\\d{4},(\\d|10)"));

      // `netshrink report` elsewhere reads the predictions from their own API pages: the same file
      Path again = tmp.resolve("report-again");
      int code =
          Netshrink.commandLine()
              .execute("report", id, "--out", again.toString(), "--api", system.apiUrl());
      assertThat(code).isZero();
      assertThat(Files.readAllLines(again.resolve(id).resolve("predictions-kd-a0.5-t4.csv")))
          .isEqualTo(csv);
    }
  }

  /** A 320x240 picture whose colours depend on its label, so that there is something to learn. */
  private static void jpeg(Path file, int label, int variant) throws IOException {
    Files.createDirectories(file.getParent());
    BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(Color.HSBtoRGB(label / 11f, 0.8f, 0.9f)));
    g.fillRect(0, 0, 320, 240);
    g.setColor(new Color(variant * 25, 255 - variant * 25, 128));
    g.fillOval(40 + variant * 10, 40, 120, 120);
    g.dispose();
    ImageIO.write(image, "jpg", file.toFile());
  }
}
