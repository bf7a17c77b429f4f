package dev.netshrink.orchestrator.report;

import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.view.CampaignView;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** The homework's plot: "Pruning ratio vs model accuracy", one curve per pruned model. */
final class PruningChart {

  private PruningChart() {}

  static void save(CampaignView campaign, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(500)
            .title("Pruning ratio vs model accuracy (" + campaign.name() + ")")
            .xAxisTitle("pruning ratio")
            .yAxisTitle("test accuracy")
            .build();
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setMarkerSize(6);
    Map<String, List<PrunePoint>> byModel = CurveCharts.sweeps(campaign);
    byModel.forEach(
        (model, points) ->
            chart.addSeries(
                model,
                points.stream().mapToDouble(PrunePoint::ratio).toArray(),
                points.stream().mapToDouble(PrunePoint::accuracy).toArray()));
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
