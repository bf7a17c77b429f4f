package dev.netshrink.protocol.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.Arrays;
import java.util.Set;

/**
 * Makes Kafka's client metrics fit Prometheus conventions (what `promtool check metrics` checks):
 * meters whose names carry a millisecond or nanosecond unit ({@code io-time-ns-total}, {@code
 * start-time-ms}) are not exported, since their values are not in seconds and the rates and
 * latencies that matter have unit-free names; the {@code connection-count} gauge becomes {@code
 * connections}; per-broker-node latencies (no help text, a series per node) are dropped.
 */
final class KafkaMetricNames implements MeterFilter {

  private static final Set<String> NON_BASE_UNITS = Set.of("ms", "ns", "us");

  @Override
  public MeterFilterReply accept(Meter.Id id) {
    String name = id.getName();
    if (!name.startsWith("kafka.")) {
      return MeterFilterReply.NEUTRAL;
    }
    boolean nonBaseUnit = Arrays.stream(name.split("\\.")).anyMatch(NON_BASE_UNITS::contains);
    return nonBaseUnit || name.contains(".node.request.latency")
        ? MeterFilterReply.DENY
        : MeterFilterReply.NEUTRAL;
  }

  @Override
  public Meter.Id map(Meter.Id id) {
    String name = id.getName();
    return name.startsWith("kafka.") && name.endsWith(".connection.count")
        ? id.withName(name.substring(0, name.length() - ".count".length()) + "s")
        : id;
  }
}
