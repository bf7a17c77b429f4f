package dev.netshrink.orchestrator.report;

import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.view.CampaignView;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * A layer sensitivity analysis in the report: {@code sensitivity.csv} (model, method, layer, ratio,
 * accuracy, parameters) and one {@code sensitivity-<model>-<method>.png} per analysis, one curve
 * per layer (accuracy against the share of that layer pruned alone), as Distiller draws it.
 */
final class SensitivityReport {

  private SensitivityReport() {}

  static void write(CampaignView campaign, Path dir) throws IOException {
    List<PrunePoint> points = campaign.pruning().stream().filter(p -> p.layer() != null).toList();
    if (points.isEmpty()) {
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (PrunePoint p : points) {
      rows.add(
          List.of(
              p.model().wireName(),
              p.method().wireName(),
              p.layer(),
              CsvFile.num(p.ratio(), "%.2f"),
              CsvFile.num(p.accuracy(), "%.4f"),
              String.valueOf(p.parameters())));
    }
    CsvFile.write(
        dir.resolve("sensitivity.csv"),
        List.of("model", "method", "layer", "ratio", "accuracy", "parameters"),
        rows);
    Map<String, List<PrunePoint>> analyses =
        points.stream()
            .collect(
                Collectors.groupingBy(
                    p -> p.model().wireName() + "-" + p.method().wireName(),
                    TreeMap::new,
                    Collectors.toList()));
    System.setProperty("java.awt.headless", "true");
    for (Map.Entry<String, List<PrunePoint>> analysis : analyses.entrySet()) {
      XYChart chart =
          new XYChartBuilder()
              .width(800)
              .height(500)
              .title("Sensitivity: each layer pruned alone (" + analysis.getKey() + ")")
              .xAxisTitle("share of the layer pruned")
              .yAxisTitle("test accuracy")
              .build();
      chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setMarkerSize(4);
      Map<String, List<PrunePoint>> byLayer =
          analysis.getValue().stream()
              .collect(Collectors.groupingBy(PrunePoint::layer, TreeMap::new, Collectors.toList()));
      byLayer.forEach(
          (layer, curve) ->
              chart.addSeries(
                  layer,
                  curve.stream().mapToDouble(PrunePoint::ratio).toArray(),
                  curve.stream().mapToDouble(PrunePoint::accuracy).toArray()));
      BitmapEncoder.saveBitmap(
          chart,
          dir.resolve("sensitivity-" + analysis.getKey() + ".png").toString(),
          BitmapEncoder.BitmapFormat.PNG);
    }
  }
}
