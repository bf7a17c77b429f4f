package dev.netshrink.orchestrator.report;

import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.ModelView;
import dev.netshrink.protocol.view.TargetChoice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Accuracy against parameters of every model the campaign made (log scale), the Pareto front drawn
 * through, and the model chosen for the target ringed: which budget buys how much accuracy.
 */
final class ParetoChart {

  private ParetoChart() {}

  static void save(CampaignView campaign, List<ModelView> models, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<ModelView> measured =
        models.stream().filter(m -> m.accuracy() != null && m.parameters() != null).toList();
    if (measured.isEmpty()) {
      return;
    }
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(500)
            .title("Accuracy vs parameters (" + campaign.name() + ")")
            .xAxisTitle("parameters (log scale)")
            .yAxisTitle("test accuracy")
            .build();
    chart.getStyler().setXAxisLogarithmic(true).setYAxisMin(0.0).setYAxisMax(1.0);
    chart.getStyler().setMarkerSize(7);
    Map<String, List<ModelView>> byParent =
        measured.stream()
            .collect(
                Collectors.groupingBy(
                    m ->
                        m.parents().isEmpty() || !m.id().contains("/")
                            ? "trained"
                            : m.parents().get(0) + ", pruned",
                    java.util.TreeMap::new,
                    Collectors.toList()));
    byParent.forEach(
        (group, points) -> {
          XYSeries s =
              chart.addSeries(
                  group,
                  points.stream().mapToDouble(m -> m.parameters()).toArray(),
                  points.stream().mapToDouble(ModelView::accuracy).toArray());
          s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        });
    TargetChoice choice = campaign.choice();
    List<String> frontIds =
        choice != null ? choice.front() : TargetChoice.of(measured, emptyTarget(), null).front();
    Map<String, ModelView> byId =
        measured.stream()
            .collect(Collectors.toMap(ModelView::id, Function.identity(), (a, b) -> a));
    List<ModelView> front =
        frontIds.stream()
            .map(byId::get)
            .filter(java.util.Objects::nonNull)
            .sorted(Comparator.comparingLong(ModelView::parameters))
            .toList();
    if (!front.isEmpty()) {
      XYSeries line =
          chart.addSeries(
              "Pareto front",
              front.stream().mapToDouble(m -> m.parameters()).toArray(),
              front.stream().mapToDouble(ModelView::accuracy).toArray());
      line.setMarker(SeriesMarkers.NONE);
    }
    if (choice != null && choice.met() && byId.containsKey(choice.chosen())) {
      ModelView chosen = byId.get(choice.chosen());
      XYSeries mark =
          chart.addSeries(
              "chosen: " + chosen.id() + " (" + choice.target() + ")",
              new double[] {chosen.parameters()},
              new double[] {chosen.accuracy()});
      mark.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      mark.setMarker(SeriesMarkers.CIRCLE);
    }
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static dev.netshrink.protocol.spec.TargetSpec emptyTarget() {
    return new dev.netshrink.protocol.spec.TargetSpec(null, null, null, null, null);
  }
}
