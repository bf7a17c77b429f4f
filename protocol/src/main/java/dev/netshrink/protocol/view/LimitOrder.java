package dev.netshrink.protocol.view;

/**
 * The body of {@code POST /api/campaigns/{id}/limit}: at most {@code maxConcurrent} of the
 * campaign's trials queued or running at once (0: no limit). Running trials are never stopped by
 * it: a lower limit holds new ones back until enough have ended.
 */
public record LimitOrder(Integer maxConcurrent) {}
