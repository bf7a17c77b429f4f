package dev.netshrink.protocol.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.Set;

/**
 * What every netshrink process exports besides its own meters: the JVM's metrics, Kafka client
 * names made Prometheus-friendly, and none of the built-ins promtool rejects. Each process brings
 * its registry (Prometheus, in the orchestrator and the workers), so this module needs only
 * Micrometer's API.
 */
public final class ProcessMetrics {

  /**
   * Micrometer built-ins whose Prometheus names `promtool check metrics` rejects (a unit in a
   * counter's name, a gauge named like a count); the same facts are in process_cpu_usage and the
   * JVM metrics.
   */
  private static final Set<String> NOT_EXPORTED = Set.of("process.cpu.time", "system.cpu.count");

  private ProcessMetrics() {}

  /** Configures a new, still empty {@code registry} (filters apply only to later meters). */
  public static <R extends MeterRegistry> R bind(R registry) {
    registry
        .config()
        .meterFilter(MeterFilter.deny(id -> NOT_EXPORTED.contains(id.getName())))
        .meterFilter(new KafkaMetricNames());
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return registry;
  }
}
