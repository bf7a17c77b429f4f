package dev.netshrink.protocol.view;

import java.util.List;

/**
 * How a trial drawn by a search trains, where that differs from the spec's student: every value it
 * runs with, so a table or report shows the point without the spec at hand. {@code widthMultiplier}
 * is what scaled {@code student.widths} into {@code widths}.
 */
public record TrialSettings(
    double learningRate, int batchSize, double widthMultiplier, List<Integer> widths, int epochs) {

  public TrialSettings {
    widths = List.copyOf(widths);
  }
}
