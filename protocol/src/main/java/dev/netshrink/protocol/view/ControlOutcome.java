package dev.netshrink.protocol.view;

import java.util.List;

/** What an order to a running campaign changed: these of its trials, by name. */
public record ControlOutcome(String campaignId, List<String> trials) {}
