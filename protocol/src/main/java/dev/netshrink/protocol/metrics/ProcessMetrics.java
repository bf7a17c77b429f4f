package dev.netshrink.protocol.metrics;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;

/** The Prometheus registry of one netshrink process, with the JVM's own metrics bound. */
public final class ProcessMetrics {

  /**
   * Micrometer built-ins whose Prometheus names `promtool check metrics` rejects (a unit in a
   * counter's name, a gauge named like a count); the same facts are in process_cpu_usage and
   * the JVM metrics.
   */
  private static final Set<String> NOT_EXPORTED = Set.of("process.cpu.time", "system.cpu.count");

  private ProcessMetrics() {}

  public static PrometheusMeterRegistry create() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config()
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
