package dev.netshrink.protocol.view;

/** A live worker as the pool sees it. */
public record WorkerView(
    String workerId,
    String role,
    String runningJobId,
    long lastHeartbeatMillisAgo,
    String metricsUrl) {}
