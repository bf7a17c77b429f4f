package dev.netshrink.protocol.view;

import dev.netshrink.protocol.event.StopCause;

/** Why and when a stopped trial ended: after {@code epoch} epochs, for {@code reason}. */
public record TrialStop(StopCause cause, int epoch, String reason) {}
