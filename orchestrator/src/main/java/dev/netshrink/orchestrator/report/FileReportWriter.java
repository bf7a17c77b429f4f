package dev.netshrink.orchestrator.report;

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
import java.util.Locale;
import java.util.function.ToDoubleFunction;

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
      Json.MAPPER
          .writerWithDefaultPrettyPrinter()
          .writeValue(dir.resolve("results.json").toFile(), campaign);
      Files.write(dir.resolve("results.csv"), trialRows(campaign.trials()));
      Files.write(dir.resolve("epochs.csv"), epochRows(campaign.trials()));
      Files.write(dir.resolve("pruning.csv"), pruningRows(campaign.pruning()));
      List<ModelView> models = ModelView.of(campaign);
      Files.write(dir.resolve("models.csv"), modelRows(models));
      ParetoChart.save(campaign, models, dir.resolve("pareto.png"));
      LineageChart.save(campaign, models, dir.resolve("lineage.png"));
      for (PredictionsView p :
          campaign.predictions() == null ? List.<PredictionsView>of() : campaign.predictions()) {
        List<String> rows = new ArrayList<>(List.of("Id,Category"));
        for (int i = 0; i < p.ids().size(); i++) {
          rows.add(p.ids().get(i) + "," + p.categories().get(i));
        }
        Files.write(dir.resolve("predictions-" + p.trial() + ".csv"), rows);
      }
      if (!campaign.pruning().isEmpty()) {
        PruningChart.save(campaign, dir.resolve("pruning-accuracy.png"));
      }
      SensitivityReport.write(campaign, dir);
      List<ScheduleOutcome> outcomes = ScheduleOutcome.of(campaign.pruning());
      if (!outcomes.isEmpty()) {
        Files.write(dir.resolve("schedules.csv"), scheduleRows(outcomes));
      }
      return dir.toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write report to " + dir, e);
    }
  }

  private static List<String> trialRows(List<TrialView> trials) {
    List<String> rows = new ArrayList<>();
    rows.add("trial,kind,alpha,temperature,state,attempts,accuracy,parameters,seconds,epochs");
    for (TrialView t : trials) {
      rows.add(
          String.join(
              ",",
              t.name(),
              t.kind(),
              str(t.alpha()),
              str(t.temperature()),
              t.state().wireName(),
              String.valueOf(t.attempt()),
              str(t.accuracy()),
              str(t.parameters()),
              str(t.seconds()),
              String.valueOf(t.epochs().size())));
    }
    return rows;
  }

  private static List<String> epochRows(List<TrialView> trials) {
    List<String> rows = new ArrayList<>();
    rows.add("trial,epoch,kd_loss,ce_loss,total_loss,accuracy,images_per_second");
    for (TrialView t : trials) {
      for (EpochView e : t.epochs()) {
        rows.add(
            String.format(
                Locale.ROOT,
                "%s,%d,%.6f,%.6f,%.6f,%.4f,%.1f",
                t.name(),
                e.epoch(),
                e.kdLoss(),
                e.ceLoss(),
                e.totalLoss(),
                e.accuracy(),
                e.imagesPerSecond()));
      }
    }
    return rows;
  }

  /** The lineage: one row per model, its parents joined by '+'. */
  private static List<String> modelRows(List<ModelView> models) {
    List<String> rows = new ArrayList<>();
    rows.add("model,parents,operation,accuracy,parameters,macs,latency_ms,bytes");
    for (ModelView m : models) {
      rows.add(
          String.join(
              ",",
              m.id(),
              String.join("+", m.parents()),
              m.operation(),
              m.accuracy() == null ? "" : String.format(Locale.ROOT, "%.4f", m.accuracy()),
              m.parameters() == null ? "" : m.parameters().toString(),
              m.macs() == null ? "" : m.macs().toString(),
              m.latencyMs() == null ? "" : String.format(Locale.ROOT, "%.3f", m.latencyMs()),
              m.bytes() == null ? "" : m.bytes().toString()));
    }
    return rows;
  }

  /** The sweep and the schedules' rounds; a sensitivity analysis has its own file. */
  private static List<String> pruningRows(List<PrunePoint> all) {
    // a network pruned per layer is in models.csv
    List<PrunePoint> points =
        all.stream().filter(p -> p.layer() == null && p.layerRatios() == null).toList();
    List<String> rows = new ArrayList<>();
    rows.add(
        "model,method,ratio,accuracy,nonzero_weights,prunable_weights,parameters,"
            + "latency_seconds,latency_batch_size,macs,fine_tuned_accuracy,schedule,round,rounds,"
            + "latency_p10_seconds,latency_p90_seconds,dense_latency_seconds");
    for (PrunePoint p : points) {
      rows.add(
          String.format(
              Locale.ROOT,
              "%s,%s,%.2f,%.4f,%d,%d,%d,%.6f,%d,%d,%s,%s,%s,%s,%s,%s,%s",
              p.model(),
              p.method(),
              p.ratio(),
              p.accuracy(),
              p.nonZeroWeights(),
              p.prunableWeights(),
              p.parameters(),
              p.latencySeconds(),
              p.latencyBatchSize(),
              p.macs(),
              Double.isNaN(p.fineTunedAccuracy())
                  ? ""
                  : String.format(Locale.ROOT, "%.4f", p.fineTunedAccuracy()),
              p.stage() == null ? "" : p.stage().schedule().wireName(),
              p.stage() == null ? "" : String.valueOf(p.stage().round()),
              p.stage() == null ? "" : String.valueOf(p.stage().rounds()),
              spread(p, LatencySpread::p10Seconds),
              spread(p, LatencySpread::p90Seconds),
              p.denseLatencySeconds() == null
                  ? ""
                  : String.format(Locale.ROOT, "%.6f", p.denseLatencySeconds())));
    }
    return rows;
  }

  /** Empty for a point recorded before spreads were measured. */
  private static String spread(PrunePoint p, ToDoubleFunction<LatencySpread> percentile) {
    return p.latencySpread() == null
        ? ""
        : String.format(Locale.ROOT, "%.6f", percentile.applyAsDouble(p.latencySpread()));
  }

  private static List<String> scheduleRows(List<ScheduleOutcome> outcomes) {
    List<String> rows = new ArrayList<>();
    rows.add(
        "model,method,schedule,ratio,rounds,fine_tune_epochs,accuracy,one_shot_accuracy,gain,"
            + "parameters,one_shot_parameters");
    for (ScheduleOutcome o : outcomes) {
      rows.add(
          String.format(
              Locale.ROOT,
              "%s,%s,%s,%.2f,%d,%d,%.4f,%.4f,%+.4f,%d,%d",
              o.model(),
              o.method(),
              o.schedule(),
              o.ratio(),
              o.rounds(),
              o.totalFineTuneEpochs(),
              o.accuracy(),
              o.oneShotAccuracy(),
              o.gain(),
              o.parameters(),
              o.oneShotParameters()));
    }
    return rows;
  }

  private static String str(Object value) {
    return value == null ? "" : value.toString();
  }
}
