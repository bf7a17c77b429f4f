package dev.netshrink.workers.runtime;

import dev.netshrink.protocol.metrics.MetricNames;
import dev.netshrink.protocol.worker.WorkerRole;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** A worker's own meters: jobs by outcome, training throughput and step time. */
public final class WorkerMeters {

  private final Counter succeeded;
  private final Counter failed;
  private final Timer batchTime;
  private final AtomicReference<Double> imagesPerSecond = new AtomicReference<>(0.0);

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
