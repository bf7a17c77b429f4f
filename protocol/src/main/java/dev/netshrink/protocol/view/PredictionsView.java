package dev.netshrink.protocol.view;

import java.util.List;

/** One trial's predictions on the unlabelled evaluation images, in file-name order. */
public record PredictionsView(String trial, List<String> ids, List<Integer> categories) {}
