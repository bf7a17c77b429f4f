package dev.netshrink.workers.runtime;

import dev.netshrink.protocol.metrics.MetricNames;
import dev.netshrink.protocol.worker.WorkerRole;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** A worker's own meters: jobs by outcome, training throughput, step time, logits by source. */
public final class WorkerMeters {

  /** Where a set of teacher logits came from. */
  public enum LogitsSource {
    COMPUTED,
    REUSED,
    KAFKA,
    MEMORY;

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Counter succeeded;
  private final Counter failed;
  private final Timer batchTime;
  private final AtomicReference<Double> imagesPerSecond = new AtomicReference<>(0.0);
  private final Map<LogitsSource, Counter> logits = new EnumMap<>(LogitsSource.class);

  public WorkerMeters(MeterRegistry registry, WorkerRole role) {
    String r = role.wireName();
    succeeded =
        Counter.builder(MetricNames.WORKER_JOBS)
            .description("jobs this worker finished")
            .tags(MetricNames.TAG_ROLE, r, MetricNames.TAG_OUTCOME, "succeeded")
            .register(registry);
    failed =
        Counter.builder(MetricNames.WORKER_JOBS)
            .description("jobs this worker finished")
            .tags(MetricNames.TAG_ROLE, r, MetricNames.TAG_OUTCOME, "failed")
            .register(registry);
    batchTime =
        Timer.builder(MetricNames.WORKER_BATCH_TIME)
            .description("one training step: forward, loss, backward, optimizer")
            .tag(MetricNames.TAG_ROLE, r)
            .register(registry);
    Gauge.builder(MetricNames.WORKER_IMAGES_PER_SECOND, imagesPerSecond, AtomicReference::get)
        .description("training images per second in the last finished epoch")
        .tag(MetricNames.TAG_ROLE, r)
        .register(registry);
    for (LogitsSource source : LogitsSource.values()) {
      logits.put(
          source,
          Counter.builder(MetricNames.WORKER_LOGITS)
              .description("sets of teacher logits this worker produced or obtained")
              .tags(MetricNames.TAG_ROLE, r, MetricNames.TAG_SOURCE, source.tag())
              .register(registry));
    }
  }

  void logits(LogitsSource source) {
    logits.get(source).increment();
  }

  void jobEnded(boolean success) {
    (success ? succeeded : failed).increment();
  }

  void batchTook(Duration time) {
    batchTime.record(time);
  }

  void epochThroughput(double images) {
    imagesPerSecond.set(images);
  }
}
