package dev.netshrink.orchestrator.report;

import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.ModelView;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The campaign's models as a graph: trained models on the left, what was made from them to the
 * right (teacher -> students -> pruned), each box with its accuracy, parameters and size, an arrow
 * from every parent.
 */
final class LineageChart {

  private static final int BOX_WIDTH = 330;
  private static final int BOX_HEIGHT = 36;
  private static final int COLUMN_GAP = 90;
  private static final int ROW_GAP = 10;
  private static final int MARGIN = 20;
  private static final int TITLE = 40;

  private LineageChart() {}

  static void save(CampaignView campaign, List<ModelView> models, Path png) throws IOException {
    if (models.isEmpty()) {
      return;
    }
    System.setProperty("java.awt.headless", "true");
    Map<String, Integer> depth = new HashMap<>();
    List<List<ModelView>> columns = new ArrayList<>();
    for (ModelView m : models) { // parents come before their children in ModelView.of
      int d = m.parents().stream().mapToInt(p -> depth.getOrDefault(p, -1) + 1).max().orElse(0);
      depth.put(m.id(), d);
      while (columns.size() <= d) {
        columns.add(new ArrayList<>());
      }
      columns.get(d).add(m);
    }
    int rows = columns.stream().mapToInt(List::size).max().orElse(1);
    int width = 2 * MARGIN + columns.size() * BOX_WIDTH + (columns.size() - 1) * COLUMN_GAP;
    int height = 2 * MARGIN + TITLE + rows * (BOX_HEIGHT + ROW_GAP);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      g.drawString(
          "Models of " + campaign.name() + " and where they came from", MARGIN, MARGIN + 16);
      Map<String, int[]> at = new HashMap<>();
      for (int c = 0; c < columns.size(); c++) {
        for (int r = 0; r < columns.get(c).size(); r++) {
          at.put(
              columns.get(c).get(r).id(),
              new int[] {
                MARGIN + c * (BOX_WIDTH + COLUMN_GAP), MARGIN + TITLE + r * (BOX_HEIGHT + ROW_GAP)
              });
        }
      }
      g.setStroke(new BasicStroke(1f));
      g.setColor(new Color(120, 120, 120));
      for (ModelView m : models) {
        int[] to = at.get(m.id());
        for (String parent : m.parents()) {
          int[] from = at.get(parent);
          if (from != null) {
            g.drawLine(
                from[0] + BOX_WIDTH, from[1] + BOX_HEIGHT / 2, to[0], to[1] + BOX_HEIGHT / 2);
          }
        }
      }
      String chosen =
          campaign.choice() != null && campaign.choice().met() ? campaign.choice().chosen() : null;
      for (ModelView m : models) {
        int[] p = at.get(m.id());
        boolean isChosen = m.id().equals(chosen);
        g.setColor(isChosen ? new Color(255, 236, 179) : new Color(232, 240, 254));
        g.fillRoundRect(p[0], p[1], BOX_WIDTH, BOX_HEIGHT, 8, 8);
        g.setColor(isChosen ? new Color(230, 126, 34) : new Color(66, 133, 244));
        g.drawRoundRect(p[0], p[1], BOX_WIDTH, BOX_HEIGHT, 8, 8);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.drawString(m.id() + (isChosen ? "  (chosen)" : ""), p[0] + 6, p[1] + 14);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(figures(m), p[0] + 6, p[1] + 29);
      }
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", png.toFile());
  }

  private static String figures(ModelView m) {
    return String.format(
        Locale.ROOT,
        "acc %s  |  %s params  |  %s bytes",
        m.accuracy() == null ? "-" : String.format(Locale.ROOT, "%.4f", m.accuracy()),
        m.parameters() == null ? "-" : String.format(Locale.ROOT, "%,d", m.parameters()),
        m.bytes() == null ? "-" : String.format(Locale.ROOT, "%,d", m.bytes()));
  }
}
