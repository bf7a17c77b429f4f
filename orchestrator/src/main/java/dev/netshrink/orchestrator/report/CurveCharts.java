package dev.netshrink.orchestrator.report;

import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.EpochView;
import dev.netshrink.protocol.view.TrialView;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * Every curve of a campaign as a PNG: loss and accuracy per epoch for each trial, and latency,
 * parameters and MACs against the pruning ratio for each pruned model and method (the sweep's
 * points in ratio order, whichever slice measured them first).
 */
final class CurveCharts {

  private CurveCharts() {}

  /** The charts there is data for, by file name, in the order a reader wants them. */
  static List<String> saveAll(CampaignView campaign, Path dir) throws IOException {
    List<String> written = new ArrayList<>();
    List<TrialView> trained =
        campaign.trials().stream().filter(t -> !t.epochs().isEmpty()).toList();
    epochs(
        dir,
        "loss-curves.png",
        "Training loss per epoch",
        "total loss",
        trained,
        EpochView::totalLoss,
        written);
    epochs(
        dir,
        "accuracy-curves.png",
        "Test accuracy per epoch",
        "test accuracy",
        trained,
        EpochView::accuracy,
        written);
    Map<String, List<PrunePoint>> sweeps = sweeps(campaign);
    ratios(
        dir,
        "pruning-latency.png",
        "Inference latency (ms per batch)",
        sweeps,
        p -> p.latencySeconds() * 1000,
        written);
    ratios(dir, "pruning-parameters.png", "Parameters left", sweeps, p -> p.parameters(), written);
    ratios(dir, "pruning-macs.png", "MACs per image", sweeps, p -> p.macs(), written);
    return written;
  }

  /**
   * The sweep's points per "model (method)", each curve in ratio order: slices arrive in any order,
   * and a curve drawn in arrival order zig-zags.
   */
  static Map<String, List<PrunePoint>> sweeps(CampaignView campaign) {
    return campaign.pruning().stream()
        .filter(PrunePoint::isSweepPoint)
        .sorted(Comparator.comparingDouble(PrunePoint::ratio))
        .collect(
            Collectors.groupingBy(
                p -> p.model().wireName() + " (" + p.method().wireName() + ")",
                TreeMap::new,
                Collectors.toList()));
  }

  private static void epochs(
      Path dir,
      String file,
      String title,
      String yAxis,
      List<TrialView> trials,
      ToDoubleFunction<EpochView> y,
      List<String> written)
      throws IOException {
    Map<String, double[][]> series = new LinkedHashMap<>();
    for (TrialView t : trials) {
      series.put(
          t.name(),
          new double[][] {
            t.epochs().stream().mapToDouble(EpochView::epoch).toArray(),
            t.epochs().stream().mapToDouble(y).toArray()
          });
    }
    save(dir, file, title, "epoch", yAxis, series, written);
  }

  private static void ratios(
      Path dir,
      String file,
      String title,
      Map<String, List<PrunePoint>> sweeps,
      ToDoubleFunction<PrunePoint> y,
      List<String> written)
      throws IOException {
    Map<String, double[][]> series = new LinkedHashMap<>();
    sweeps.forEach(
        (name, points) ->
            series.put(
                name,
                new double[][] {
                  points.stream().mapToDouble(PrunePoint::ratio).toArray(),
                  points.stream().mapToDouble(y).toArray()
                }));
    save(dir, file, title + " vs pruning ratio", "pruning ratio", title, series, written);
  }

  private static void save(
      Path dir,
      String file,
      String title,
      String xAxis,
      String yAxis,
      Map<String, double[][]> series,
      List<String> written)
      throws IOException {
    if (series.isEmpty()) {
      return;
    }
    System.setProperty("java.awt.headless", "true");
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(500)
            .title(title)
            .xAxisTitle(xAxis)
            .yAxisTitle(yAxis)
            .build();
    chart.getStyler().setMarkerSize(5);
    series.forEach((name, xy) -> chart.addSeries(name, xy[0], xy[1]));
    BitmapEncoder.saveBitmap(chart, dir.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG);
    written.add(file);
  }
}
