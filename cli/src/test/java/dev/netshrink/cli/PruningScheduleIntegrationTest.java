package dev.netshrink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import dev.netshrink.local.EmbeddedSystem;
import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.spec.PruningMethod;
import dev.netshrink.protocol.spec.ScheduleKind;
import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.ModelView;
import dev.netshrink.protocol.wire.Json;
import dev.netshrink.workers.export.ModelExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign with a pruning schedule, end to end: the student is pruned to 0.75 in two AGP rounds
 * with fine-tuning between them, and at once with as many fine-tuning epochs, by mask and by
 * channel removal. Every round is a model pruned from the round before, the report compares the
 * two, and the last round exports and runs in Debian's PyTorch. The same campaign runs the layer
 * sensitivity analysis.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class PruningScheduleIntegrationTest {

  private static final String SPEC =
      """
      name: schedule
      dataset: {trainLimit: 1500, testLimit: 300}
      teacher: {epochs: 1, batchSize: 64}
      student: {epochs: 1, batchSize: 64}
      distillation: {alphas: [0.9], temperatures: [4], baseline: false}
      pruning: {methods: [l1-unstructured, l2-structured], ratios: {from: 0.0, to: 0.5, step: 0.5},
                models: [student], schedule: {kind: agp, targetRatio: 0.75, rounds: 2,
                fineTuneEpochs: 1}, sensitivity: true}
      target: {maxParams: 20000}
      """;

  @TempDir Path tmp;

  @Test
  void aScheduleKeepsEveryRoundAndIsComparedWithOneShot() throws Exception {
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
      CampaignView done = new CampaignFollower(api, System.out).follow(api.submit(SPEC));
      assertThat(done.state()).isEqualTo(CampaignStatus.SUCCEEDED);

      List<PrunePoint> rounds = done.pruning().stream().filter(p -> p.stage() != null).toList();
      assertThat(rounds).hasSize(6);
      assertThat(rounds)
          .filteredOn(p -> p.stage().schedule() == ScheduleKind.AGP)
          .extracting(PrunePoint::ratio)
          .containsExactly(0.6563, 0.75, 0.6563, 0.75);
      assertThat(rounds)
          .allSatisfy(p -> assertThat(p.fineTunedAccuracy()).isBetween(0.0, 1.0))
          .allSatisfy(p -> assertThat(p.kept()).isNotNull());
      PrunePoint oneShot = round(rounds, ScheduleKind.ONE_SHOT, 1);
      PrunePoint first = round(rounds, ScheduleKind.AGP, 1);
      PrunePoint last = round(rounds, ScheduleKind.AGP, 2);
      // two epochs of KD bring back much of what removing 3 of 4 channels at once took
      assertThat(oneShot.fineTunedAccuracy()).isGreaterThan(oneShot.accuracy() + 0.1);
      assertThat(oneShot.stage().fineTuneEpochs()).isEqualTo(2);
      assertThat(last.parameters()).isLessThan(first.parameters());
      assertThat((double) last.parameters()).isCloseTo((double) oneShot.parameters(), within(0.15));

      // every round is a model from the round before, and the report compares the schedules
      assertThat(ModelView.of(done))
          .filteredOn(m -> m.id().equals("kd-a0.9-t4/l2-structured/agp/0.75"))
          .singleElement()
          .satisfies(
              m -> assertThat(m.parents()).containsExactly("kd-a0.9-t4/l2-structured/agp/0.6563"));
      Path report = Path.of(done.reportDir());
      assertThat(Files.readAllLines(report.resolve("schedules.csv")))
          .hasSize(3)
          .anySatisfy(row -> assertThat(row).startsWith("student,l2-structured,agp,0.75,2,2,"));

      // the sensitivity analysis: every layer alone at 0 and 0.5, by mask and by channel group
      List<PrunePoint> layers = done.pruning().stream().filter(p -> p.layer() != null).toList();
      assertThat(layers).extracting(PrunePoint::method).contains(PruningMethod.L1_UNSTRUCTURED);
      assertThat(layers.stream().map(PrunePoint::layer).distinct().count()).isGreaterThan(5);
      assertThat(layers)
          .filteredOn(p -> p.ratio() == 0.0)
          .allSatisfy(p -> assertThat(p.accuracy()).isEqualTo(dense(done).accuracy()));
      assertThat(Files.readAllLines(report.resolve("sensitivity.csv"))).hasSize(1 + layers.size());
      assertThat(Files.size(report.resolve("sensitivity-student-l2-structured.png")))
          .isGreaterThan(1000);

      // and, for the target's 20,000 parameters, a network pruned per layer from each analysis
      List<PrunePoint> byLayer =
          done.pruning().stream().filter(p -> p.layerRatios() != null).toList();
      assertThat(byLayer)
          .hasSize(2)
          .allSatisfy(
              p -> {
                assertThat(p.kept()).isNotNull();
                assertThat(p.parameters()).isLessThan(dense(done).parameters());
              });
      assertThat(ModelView.of(done))
          .filteredOn(m -> m.id().contains("/by-layer/"))
          .hasSize(2)
          .allSatisfy(m -> assertThat(m.parents()).containsExactly("kd-a0.9-t4"));

      // the last round exports, PyTorch runs it with the round's parameters
      TinyCampaignExports exports =
          new TinyCampaignExports(system.apiUrl(), system.bootstrapServers(), done);
      Path out = tmp.resolve("export-agp");
      TinyCampaignExports.Run export = exports.export("kd-a0.9-t4/l2-structured/agp/0.75", out);
      assertThat(export.exitCode()).as(export.stderr()).isZero();
      JsonNode model = Json.MAPPER.readTree(out.resolve(ModelExport.DESCRIPTION).toFile());
      assertThat(model.get("parameters").asLong()).isEqualTo(last.parameters());
      TinyCampaignExports.traceInPyTorch(out);

      // without a model, export takes the target's choice
      TinyCampaignExports.Run chosen = exports.export(null, tmp.resolve("export-chosen"));
      assertThat(chosen.exitCode()).as(chosen.stderr()).isZero();
      assertThat(chosen.stderr()).contains(done.choice().chosen());
      assertThat(chosen.stdout()).contains("exported " + done.choice().chosen());
    }
  }

  /** The sweep's unpruned point of the student. */
  private static PrunePoint dense(CampaignView done) {
    return done.pruning().stream()
        .filter(p -> p.stage() == null && p.layer() == null && p.ratio() == 0.0)
        .findFirst()
        .orElseThrow();
  }

  private static PrunePoint round(List<PrunePoint> rounds, ScheduleKind kind, int round) {
    return rounds.stream()
        .filter(p -> p.method() == PruningMethod.L2_STRUCTURED)
        .filter(p -> p.stage().schedule() == kind && p.stage().round() == round)
        .findFirst()
        .orElseThrow();
  }

  private static org.assertj.core.data.Percentage within(double share) {
    return org.assertj.core.data.Percentage.withPercentage(share * 100);
  }
}
