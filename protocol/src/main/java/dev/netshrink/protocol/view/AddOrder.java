package dev.netshrink.protocol.view;

import java.util.List;

/**
 * The body of {@code POST /api/campaigns/{id}/add}: more student trials for a running campaign. For
 * a grid, {@code alphas} and {@code temperatures} extend the grid's lists, and every point of the
 * extended grid the campaign lacks is added; for a random search, {@code trials} more points are
 * drawn, the ones its generator would have drawn next.
 */
public record AddOrder(List<Double> alphas, List<Double> temperatures, Integer trials) {}
