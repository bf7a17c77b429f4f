package dev.netshrink.protocol.worker;

/**
 * A worker's periodic "I am alive" on the workers topic: membership is derived from these. {@code
 * runningJobId} is null when idle; {@code leaving} is set once, on a clean shutdown.
 */
public record Heartbeat(
    String workerId,
    WorkerRole role,
    String runningJobId,
    String metricsUrl,
    long sentAtMillis,
    boolean leaving) {}
