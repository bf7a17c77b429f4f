package dev.netshrink.orchestrator.report;

import static dev.netshrink.orchestrator.report.CsvFile.num;
import static dev.netshrink.orchestrator.report.CsvFile.str;

import dev.netshrink.protocol.event.LatencySpread;
import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.EpochView;
import dev.netshrink.protocol.view.ModelView;
import dev.netshrink.protocol.view.PredictionsView;
import dev.netshrink.protocol.view.ScheduleOutcome;
import dev.netshrink.protocol.view.TrialView;
import dev.netshrink.protocol.wire.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A report folder per campaign: {@code results.json} (everything), {@code results.csv} (one row per
 * trial), {@code epochs.csv} (loss history), {@code pruning.csv} and {@code pruning-accuracy.png}
 * (pruning ratio vs accuracy, one curve per model), {@code models.csv}, {@code lineage.png} and
 * {@code pareto.png} (every model, its parents, and accuracy vs parameters), {@code schedules.csv}
 * (each pruning schedule against one-shot pruning with as much fine-tuning), {@code
 * sensitivity.csv} and {@code sensitivity-<model>-<method>.png} (each layer pruned alone), and for
 * Food-11 {@code predictions-<trial>.csv} per student ({@code Id,Category}, the homework's
 * submission).
 */
public final class FileReportWriter implements ReportWriter {

  private final Path reportsRoot;

  public FileReportWriter(Path reportsRoot) {
    this.reportsRoot = reportsRoot;
  }

  @Override
  public Path write(CampaignView campaign) {
    Path dir = reportsRoot.resolve(campaign.campaignId().replaceAll("[^a-zA-Z0-9._-]", "_"));
    try {
      Files.createDirectories(dir);
      // the files say where they are: a copy taken elsewhere still names its folder
      CampaignView reported = campaign.reportedIn(dir.toAbsolutePath().toString());
      Json.MAPPER
          .writerWithDefaultPrettyPrinter()
          .writeValue(dir.resolve("results.json").toFile(), reported);
      CsvFile.write(dir.resolve("results.csv"), TRIAL_HEADER, trialRows(campaign.trials()));
      CsvFile.write(dir.resolve("epochs.csv"), EPOCH_HEADER, epochRows(campaign.trials()));
      CsvFile.write(dir.resolve("pruning.csv"), PRUNING_HEADER, pruningRows(campaign.pruning()));
      List<ModelView> models = ModelView.of(campaign);
      CsvFile.write(dir.resolve("models.csv"), MODEL_HEADER, modelRows(models));
      ParetoChart.save(campaign, models, dir.resolve("pareto.png"));
      LineageChart.save(campaign, models, dir.resolve("lineage.png"));
      for (PredictionsView p :
          campaign.predictions() == null ? List.<PredictionsView>of() : campaign.predictions()) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < p.ids().size(); i++) {
          rows.add(List.of(p.ids().get(i), String.valueOf(p.categories().get(i))));
        }
        CsvFile.write(
            dir.resolve("predictions-" + p.trial() + ".csv"), List.of("Id", "Category"), rows);
      }
      List<String> charts = new ArrayList<>();
      if (!campaign.pruning().isEmpty()) {
        PruningChart.save(campaign, dir.resolve("pruning-accuracy.png"));
        charts.add("pruning-accuracy.png");
      }
      SensitivityReport.write(campaign, dir);
      charts.addAll(CurveCharts.saveAll(campaign, dir));
      charts.addAll(List.of("pareto.png", "lineage.png"));
      HtmlReport.write(reported, models, dir, charts);
      List<ScheduleOutcome> outcomes = ScheduleOutcome.of(campaign.pruning());
      if (!outcomes.isEmpty()) {
        CsvFile.write(dir.resolve("schedules.csv"), SCHEDULE_HEADER, scheduleRows(outcomes));
      }
      return dir.toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write report to " + dir, e);
    }
  }

  private static final List<String> TRIAL_HEADER =
      List.of(
          "trial",
          "kind",
          "alpha",
          "temperature",
          "state",
          "attempts",
          "accuracy",
          "parameters",
          "seconds",
          "epochs",
          "learning_rate",
          "batch_size",
          "width_multiplier",
          "stop",
          "stopped_after_epoch",
          "reason");

  private static List<List<String>> trialRows(List<TrialView> trials) {
    List<List<String>> rows = new ArrayList<>();
    for (TrialView t : trials) {
      rows.add(
          List.of(
              t.name(),
              t.kind(),
              str(t.alpha()),
              str(t.temperature()),
              t.state().wireName(),
              String.valueOf(t.attempt()),
              str(t.accuracy()),
              str(t.parameters()),
              str(t.seconds()),
              String.valueOf(t.epochs().size()),
              t.settings() == null ? "" : String.valueOf(t.settings().learningRate()),
              t.settings() == null ? "" : String.valueOf(t.settings().batchSize()),
              t.settings() == null ? "" : String.valueOf(t.settings().widthMultiplier()),
              t.stop() == null ? "" : t.stop().cause().wireName(),
              t.stop() == null ? "" : String.valueOf(t.stop().epoch()),
              t.stop() != null ? t.stop().reason() : t.error() == null ? "" : t.error()));
    }
    return rows;
  }

  private static final List<String> EPOCH_HEADER =
      List.of(
          "trial", "epoch", "kd_loss", "ce_loss", "total_loss", "accuracy", "images_per_second");

  private static List<List<String>> epochRows(List<TrialView> trials) {
    List<List<String>> rows = new ArrayList<>();
    for (TrialView t : trials) {
      for (EpochView e : t.epochs()) {
        rows.add(
            List.of(
                t.name(),
                String.valueOf(e.epoch()),
                num(e.kdLoss(), "%.6f"),
                num(e.ceLoss(), "%.6f"),
                num(e.totalLoss(), "%.6f"),
                num(e.accuracy(), "%.4f"),
                num(e.imagesPerSecond(), "%.1f")));
      }
    }
    return rows;
  }

  private static final List<String> MODEL_HEADER =
      List.of(
          "model", "parents", "operation", "accuracy", "parameters", "macs", "latency_ms", "bytes");

  /** The lineage: one row per model, its parents joined by '+'. */
  private static List<List<String>> modelRows(List<ModelView> models) {
    List<List<String>> rows = new ArrayList<>();
    for (ModelView m : models) {
      rows.add(
          List.of(
              m.id(),
              String.join("+", m.parents()),
              m.operation(),
              num(m.accuracy(), "%.4f"),
              str(m.parameters()),
              str(m.macs()),
              num(m.latencyMs(), "%.3f"),
              str(m.bytes())));
    }
    return rows;
  }

  private static final List<String> PRUNING_HEADER =
      List.of(
          "model",
          "method",
          "ratio",
          "accuracy",
          "nonzero_weights",
          "prunable_weights",
          "parameters",
          "latency_seconds",
          "latency_batch_size",
          "macs",
          "fine_tuned_accuracy",
          "schedule",
          "round",
          "rounds",
          "latency_p10_seconds",
          "latency_p90_seconds",
          "dense_latency_seconds");

  /** The sweep and the schedules' rounds; a sensitivity analysis has its own file. */
  private static List<List<String>> pruningRows(List<PrunePoint> all) {
    // a network pruned per layer is in models.csv
    List<PrunePoint> points =
        all.stream().filter(p -> p.layer() == null && p.layerRatios() == null).toList();
    List<List<String>> rows = new ArrayList<>();
    for (PrunePoint p : points) {
      LatencySpread spread = p.latencySpread();
      rows.add(
          List.of(
              p.model().wireName(),
              p.method().wireName(),
              num(p.ratio(), "%.2f"),
              num(p.accuracy(), "%.4f"),
              String.valueOf(p.nonZeroWeights()),
              String.valueOf(p.prunableWeights()),
              String.valueOf(p.parameters()),
              num(p.latencySeconds(), "%.6f"),
              String.valueOf(p.latencyBatchSize()),
              String.valueOf(p.macs()),
              num(p.fineTunedAccuracy(), "%.4f"),
              p.stage() == null ? "" : p.stage().schedule().wireName(),
              p.stage() == null ? "" : String.valueOf(p.stage().round()),
              p.stage() == null ? "" : String.valueOf(p.stage().rounds()),
              // empty for a point recorded before spreads were measured
              spread == null ? "" : num(spread.p10Seconds(), "%.6f"),
              spread == null ? "" : num(spread.p90Seconds(), "%.6f"),
              num(p.denseLatencySeconds(), "%.6f")));
    }
    return rows;
  }

  private static final List<String> SCHEDULE_HEADER =
      List.of(
          "model",
          "method",
          "schedule",
          "ratio",
          "rounds",
          "fine_tune_epochs",
          "accuracy",
          "one_shot_accuracy",
          "gain",
          "parameters",
          "one_shot_parameters");

  private static List<List<String>> scheduleRows(List<ScheduleOutcome> outcomes) {
    List<List<String>> rows = new ArrayList<>();
    for (ScheduleOutcome o : outcomes) {
      rows.add(
          List.of(
              o.model().wireName(),
              o.method().wireName(),
              o.schedule().wireName(),
              num(o.ratio(), "%.2f"),
              String.valueOf(o.rounds()),
              String.valueOf(o.totalFineTuneEpochs()),
              num(o.accuracy(), "%.4f"),
              num(o.oneShotAccuracy(), "%.4f"),
              num(o.gain(), "%+.4f"),
              String.valueOf(o.parameters()),
              String.valueOf(o.oneShotParameters())));
    }
    return rows;
  }
}
