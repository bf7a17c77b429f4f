package dev.netshrink.orchestrator.metrics;

import static dev.netshrink.protocol.metrics.MetricNames.TAG_CAMPAIGN;

import dev.netshrink.orchestrator.pool.PoolMetrics;
import dev.netshrink.protocol.event.EpochCompleted;
import dev.netshrink.protocol.event.KeptModel;
import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.event.PrunePointMeasured;
import dev.netshrink.protocol.event.TrialAbandoned;
import dev.netshrink.protocol.event.TrialCompleted;
import dev.netshrink.protocol.event.TrialFailed;
import dev.netshrink.protocol.event.TrialScoped;
import dev.netshrink.protocol.event.TrialStarted;
import dev.netshrink.protocol.event.TrialStopped;
import dev.netshrink.protocol.metrics.MetricNames;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.ModelView;
import dev.netshrink.protocol.view.TargetChoice;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialView;
import dev.netshrink.protocol.worker.WorkerRole;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Metrics derived from the event stream, so the curves survive a dead worker: loss terms and
 * accuracy per trial, the pruning sweep, every model with its Pareto front, trials by state,
 * workers by role. Per-campaign series are removed by {@link #forget} once a finished campaign's
 * retention has passed, or by {@link #finished} once more campaigns than it keeps have ended since,
 * which keeps tag values bounded. Thread-safe: campaign actors and the pool call it from their
 * threads.
 */
public final class CampaignMetrics implements PoolMetrics {

  private final MeterRegistry registry;
  private final Map<Meter.Id, AtomicReference<Double>> values = new ConcurrentHashMap<>();
  private final Map<String, Long> workersByRole = new ConcurrentHashMap<>();
  private final Timer schedulingLatency;

  /** Each trial's {@link MetricNames#TRIAL_EPOCHS} series, by campaign and trial name. */
  private final Map<String, Meter.Id> trialSeries = new ConcurrentHashMap<>();

  /** Each trial's {@link MetricNames#TRIAL_END_TIME} series, by campaign and trial name. */
  private final Map<String, Meter.Id> trialEnds = new ConcurrentHashMap<>();

  /** How many finished campaigns keep their series when none is told otherwise. */
  public static final int DEFAULT_KEEP_FINISHED = 20;

  private final int keepFinished;
  // oldest first; guarded by itself
  private final Deque<String> finished = new ArrayDeque<>();

  public CampaignMetrics(MeterRegistry registry) {
    this(registry, DEFAULT_KEEP_FINISHED);
  }

  /**
   * {@code keepFinished}: the finished campaigns whose series stay (their final values: the
   * dashboards still show them, as the campaign variable still lists them); one more finishing
   * drops the oldest's. With the time retention, this bounds the series however many end at once.
   */
  public CampaignMetrics(MeterRegistry registry, int keepFinished) {
    if (keepFinished < 1) {
      throw new IllegalArgumentException(
          "netshrink.orchestrator.metrics-keep-finished must be >= 1, got " + keepFinished);
    }
    this.keepFinished = keepFinished;
    this.registry = registry;
    for (WorkerRole role : WorkerRole.values()) {
      Gauge.builder(MetricNames.WORKERS, () -> workersByRole.getOrDefault(role.wireName(), 0L))
          .description("live workers by role")
          .tag(MetricNames.TAG_ROLE, role.wireName())
          .register(registry);
    }
    schedulingLatency =
        Timer.builder(MetricNames.SCHEDULING_LATENCY)
            .description(
                "from a job becoming runnable (queued, a worker of its role free) to its"
                    + " assignment being sent")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
  }

  public void epochCompleted(String campaign, String trial, EpochCompleted e) {
    Tags tags = Tags.of(TAG_CAMPAIGN, campaign, MetricNames.TAG_TRIAL, trial);
    set(
        MetricNames.DISTILL_LOSS,
        tags.and(MetricNames.TAG_TERM, "kd"),
        e.kdLoss(),
        "last epoch's mean loss, by term");
    set(
        MetricNames.DISTILL_LOSS,
        tags.and(MetricNames.TAG_TERM, "ce"),
        e.ceLoss(),
        "last epoch's mean loss, by term");
    set(
        MetricNames.DISTILL_LOSS,
        tags.and(MetricNames.TAG_TERM, "total"),
        e.totalLoss(),
        "last epoch's mean loss, by term");
    set(MetricNames.DISTILL_ACCURACY, tags, e.accuracy(), "last epoch's test accuracy");
    // the same values kept per epoch: a curve against the epoch that no scrape interval thins out
    // and a replay after a restart draws whole
    Tags epoch = tags.and(MetricNames.TAG_EPOCH, Integer.toString(e.epoch()));
    String help = "one epoch's mean loss, by term";
    set(MetricNames.DISTILL_EPOCH_LOSS, epoch.and(MetricNames.TAG_TERM, "kd"), e.kdLoss(), help);
    set(MetricNames.DISTILL_EPOCH_LOSS, epoch.and(MetricNames.TAG_TERM, "ce"), e.ceLoss(), help);
    set(
        MetricNames.DISTILL_EPOCH_LOSS,
        epoch.and(MetricNames.TAG_TERM, "total"),
        e.totalLoss(),
        help);
    set(MetricNames.DISTILL_EPOCH_ACCURACY, epoch, e.accuracy(), "one epoch's test accuracy");
  }

  /** A trial's start or end as the annotations' times; its other events change nothing. */
  public void trialTimes(String campaign, String trial, String kind, TrialScoped event) {
    if (event instanceof TrialStarted) {
      trialStarted(campaign, trial, kind, event.atMillis());
      return;
    }
    String outcome =
        event instanceof TrialCompleted
            ? "succeeded"
            : event instanceof TrialFailed
                ? "failed"
                : event instanceof TrialStopped
                    ? "stopped"
                    : event instanceof TrialAbandoned ? "abandoned" : null;
    if (outcome != null) {
      trialEnded(campaign, trial, kind, outcome, event.atMillis());
    }
  }

  /** A trial's attempt started at {@code atMillis}: the start annotation's time. */
  public void trialStarted(String campaign, String trial, String kind, long atMillis) {
    set(
        MetricNames.TRIAL_START_TIME,
        Tags.of(TAG_CAMPAIGN, campaign, MetricNames.TAG_TRIAL, trial, MetricNames.TAG_KIND, kind),
        atMillis / 1000.0,
        "seconds",
        TRIAL_START_HELP);
  }

  /**
   * A trial's attempt ended at {@code atMillis} with {@code outcome}: one series per trial, so a
   * retried trial's earlier end is replaced by its latest.
   */
  public void trialEnded(
      String campaign, String trial, String kind, String outcome, long atMillis) {
    Tags tags =
        Tags.of(
            TAG_CAMPAIGN,
            campaign,
            MetricNames.TAG_TRIAL,
            trial,
            MetricNames.TAG_KIND,
            kind,
            MetricNames.TAG_OUTCOME,
            outcome);
    replace(
        trialEnds,
        campaign + "/" + trial,
        new Meter.Id(
            MetricNames.TRIAL_END_TIME, tags, "seconds", TRIAL_END_HELP, Meter.Type.GAUGE));
    set(MetricNames.TRIAL_END_TIME, tags, atMillis / 1000.0, "seconds", TRIAL_END_HELP);
  }

  private static final String TRIAL_START_HELP = "when a trial's latest attempt started";
  private static final String TRIAL_END_HELP =
      "when a trial's latest attempt ended, with its outcome";

  public void prunePointMeasured(String campaign, PrunePointMeasured measured) {
    PrunePoint p = measured.point();
    if (!p.isSweepPoint()) {
      // the gauges are the sweep's curve by ratio; a schedule's rounds and a sensitivity
      // analysis's layers are in the report and the API
      return;
    }
    Tags tags =
        Tags.of(
            TAG_CAMPAIGN,
            campaign,
            MetricNames.TAG_MODEL,
            p.model().wireName(),
            MetricNames.TAG_METHOD,
            p.method().wireName(),
            MetricNames.TAG_RATIO,
            KeptModel.ratioName(p.ratio()));
    set(MetricNames.PRUNE_ACCURACY, tags, p.accuracy(), "test accuracy at a pruning ratio");
    set(
        MetricNames.PRUNE_NONZERO_WEIGHTS,
        tags,
        (double) p.nonZeroWeights(),
        "prunable weights left non-zero at a pruning ratio");
    set(
        MetricNames.PRUNE_PARAMETERS,
        tags,
        (double) p.parameters(),
        "trainable parameters left non-zero at a pruning ratio");
    if (!Double.isNaN(p.fineTunedAccuracy())) {
      set(
          MetricNames.PRUNE_FINE_TUNED_ACCURACY,
          tags,
          p.fineTunedAccuracy(),
          "test accuracy at a pruning ratio after fine-tuning");
    }
    if (p.macs() > 0) {
      set(
          MetricNames.PRUNE_MACS,
          tags,
          (double) p.macs(),
          "multiply-accumulates per image as the pruned network runs");
    }
    if (p.latencySeconds() > 0) { // 0: recorded by a pruner that did not measure latency
      set(
          MetricNames.PRUNE_LATENCY,
          tags,
          p.latencySeconds(),
          "seconds",
          "median inference time of one batch at a pruning ratio");
    }
  }

  /**
   * Every model of the campaign: accuracy, parameters and size, whether it is on the Pareto front
   * and whether the target chose it (the models dashboard's accuracy-vs-parameters chart).
   */
  public void models(String campaign, CampaignView view) {
    List<ModelView> models = ModelView.of(view);
    Set<String> front = Set.copyOf(TargetChoice.paretoFront(models));
    String chosen = view.choice() == null ? null : view.choice().chosen();
    for (ModelView m : models) {
      Tags tags = Tags.of(TAG_CAMPAIGN, campaign, MetricNames.TAG_MODEL, m.id());
      if (m.accuracy() != null) {
        set(MetricNames.MODEL_ACCURACY, tags, m.accuracy(), "test accuracy of a model");
      }
      if (m.parameters() != null) {
        set(
            MetricNames.MODEL_PARAMETERS,
            tags,
            (double) m.parameters(),
            "trainable (non-zero) parameters of a model");
      }
      if (m.bytes() != null) {
        set(
            MetricNames.MODEL_SIZE,
            tags,
            (double) m.bytes(),
            "bytes",
            "size of a model's parameters file");
      }
      set(
          MetricNames.MODEL_PARETO,
          tags,
          front.contains(m.id()) ? 1 : 0,
          "1 when no other model is as accurate with as few parameters");
      set(
          MetricNames.MODEL_CHOSEN,
          tags,
          m.id().equals(chosen) ? 1 : 0,
          "1 for the model the campaign's target chose");
    }
  }

  /**
   * Each training trial's epochs, state and stop, one series per trial: a trial whose state changed
   * loses its old series (the sweep's slices are counted by {@link #trialStates} alone).
   */
  public void trials(String campaign, List<TrialView> trials) {
    for (TrialView t : trials) {
      if (t.role() == WorkerRole.PRUNER) {
        continue;
      }
      Tags tags =
          Tags.of(
              TAG_CAMPAIGN,
              campaign,
              MetricNames.TAG_TRIAL,
              t.name(),
              MetricNames.TAG_STATE,
              t.state().wireName(),
              MetricNames.TAG_STOP,
              t.stop() == null ? "none" : t.stop().cause().wireName());
      replace(
          trialSeries,
          campaign + "/" + t.name(),
          new Meter.Id(MetricNames.TRIAL_EPOCHS, tags, null, TRIAL_EPOCHS_HELP, Meter.Type.GAUGE));
      set(
          MetricNames.TRIAL_EPOCHS,
          tags,
          t.stop() != null ? t.stop().epoch() : t.epochs().size(),
          TRIAL_EPOCHS_HELP);
    }
  }

  private static final String TRIAL_EPOCHS_HELP =
      "epochs a trial has finished, with its state and why it stopped";

  /**
   * Makes {@code current} the one series of {@code key} in {@code series}, dropping the one before.
   */
  private void replace(Map<String, Meter.Id> series, String key, Meter.Id current) {
    Meter.Id before = series.put(key, current);
    if (before != null && !before.equals(current)) {
      values.remove(before);
      registry.remove(before);
    }
  }

  /** The current state of every trial of {@code campaign} (trial name -> state). */
  public void trialStates(String campaign, Map<String, TrialStatus> states) {
    for (TrialStatus state : TrialStatus.values()) {
      long count = states.values().stream().filter(state::equals).count();
      set(
          MetricNames.TRIALS,
          Tags.of(TAG_CAMPAIGN, campaign, MetricNames.TAG_STATE, state.wireName()),
          (double) count,
          "trials of a campaign by state");
    }
  }

  @Override
  public void liveWorkers(Map<String, Long> byRole) {
    workersByRole.clear();
    workersByRole.putAll(byRole);
  }

  @Override
  public void jobScheduled(long nanos) {
    schedulingLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** {@code campaign} ended: its series stay, unless more than the kept number have ended since. */
  public void finished(String campaign) {
    List<String> dropped = new ArrayList<>();
    synchronized (finished) {
      if (finished.contains(campaign)) {
        return;
      }
      finished.addLast(campaign);
      while (finished.size() > keepFinished) {
        dropped.add(finished.removeFirst());
      }
    }
    dropped.forEach(this::forget);
  }

  /** Drops every series of {@code campaign}: its retention after the end has passed. */
  public void forget(String campaign) {
    trialSeries.keySet().removeIf(key -> key.startsWith(campaign + "/"));
    trialEnds.keySet().removeIf(key -> key.startsWith(campaign + "/"));
    values
        .keySet()
        .removeIf(
            id -> {
              if (campaign.equals(id.getTag(TAG_CAMPAIGN))) {
                registry.remove(id);
                return true;
              }
              return false;
            });
  }

  private void set(String name, Tags tags, double value, String description) {
    set(name, tags, value, null, description);
  }

  private void set(String name, Tags tags, double value, String baseUnit, String description) {
    Meter.Id id = new Meter.Id(name, tags, baseUnit, description, Meter.Type.GAUGE);
    values
        .computeIfAbsent(
            id,
            key -> {
              AtomicReference<Double> holder = new AtomicReference<>(Double.NaN);
              Gauge.builder(name, holder, AtomicReference::get)
                  .tags(tags)
                  .baseUnit(baseUnit)
                  .description(description)
                  .register(registry);
              return holder;
            })
        .set(value);
  }
}
