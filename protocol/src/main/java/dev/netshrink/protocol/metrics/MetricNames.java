package dev.netshrink.protocol.metrics;

/**
 * Every metric name and tag key, in one place: Micrometer dot style here, exported to Prometheus as
 * snake_case (e.g. {@code netshrink.kafka.dead.letters} becomes {@code
 * netshrink_kafka_dead_letters_total}). Tag values are bounded (topic names, roles).
 */
public final class MetricNames {

  /** Records that could not be decoded and went to the dead-letter topic. Tag: topic. */
  public static final String DEAD_LETTERS = "netshrink.kafka.dead.letters";

  /** Campaign events the orchestrator folded into its state. */
  public static final String EVENTS_PROCESSED = "netshrink.orchestrator.events.processed";

  /** Records of the events topic the orchestrator has not read yet (its consumer lag). */
  public static final String EVENT_LAG = "netshrink.orchestrator.event.lag";

  /**
   * Time from a job becoming runnable (queued, and a worker of its role free) to its assignment
   * going to the producer: the orchestrator's scheduling overhead. A summary with p50 and p99.
   */
  public static final String SCHEDULING_LATENCY = "netshrink.orchestrator.scheduling.latency";

  /** Jobs a worker finished. Tags: role, outcome (succeeded, failed). */
  public static final String WORKER_JOBS = "netshrink.worker.jobs";

  /** Training images per second of the worker's last finished epoch. Tag: role. */
  public static final String WORKER_IMAGES_PER_SECOND = "netshrink.worker.images.per.second";

  /** Time of one training step (forward, loss, backward, optimizer). Tag: role. */
  public static final String WORKER_BATCH_TIME = "netshrink.worker.batch.time";

  /**
   * Sets of teacher logits a worker produced or obtained. Tags: role, source: {@code computed} (the
   * teacher ran its forward pass), {@code reused} (the teacher found the same content-keyed logits
   * on the topic), {@code kafka} (read from the topic), {@code memory} (read before, kept).
   */
  public static final String WORKER_LOGITS = "netshrink.worker.logits";

  /** Last epoch's mean loss of a trial. Tags: campaign, trial, term (kd, ce, total). */
  public static final String DISTILL_LOSS = "netshrink.distill.loss";

  /** Last epoch's test accuracy of a trial. Tags: campaign, trial. */
  public static final String DISTILL_ACCURACY = "netshrink.distill.accuracy";

  /**
   * One epoch's mean loss of a trial, a series per epoch (so a dashboard plots loss against the
   * epoch, however often it is scraped). Tags: campaign, trial, term, epoch.
   */
  public static final String DISTILL_EPOCH_LOSS = "netshrink.distill.epoch.loss";

  /** One epoch's test accuracy of a trial, a series per epoch. Tags: campaign, trial, epoch. */
  public static final String DISTILL_EPOCH_ACCURACY = "netshrink.distill.epoch.accuracy";

  /**
   * When a trial's latest attempt started, Unix seconds (the dashboards' annotations). Tags:
   * campaign, trial, kind (teacher, student, prune).
   */
  public static final String TRIAL_START_TIME = "netshrink.trial.start.time";

  /**
   * When a trial's latest attempt ended, Unix seconds. Tags: campaign, trial, kind, outcome
   * (succeeded, failed, stopped, abandoned).
   */
  public static final String TRIAL_END_TIME = "netshrink.trial.end.time";

  /** Test accuracy at one pruning ratio. Tags: campaign, model, method, ratio. */
  public static final String PRUNE_ACCURACY = "netshrink.prune.accuracy";

  /** Prunable weights left non-zero at one pruning ratio. Tags: campaign, model, method, ratio. */
  public static final String PRUNE_NONZERO_WEIGHTS = "netshrink.prune.nonzero.weights";

  /** Trainable parameters left non-zero at one pruning ratio (whole model). Same tags. */
  public static final String PRUNE_PARAMETERS = "netshrink.prune.parameters";

  /** Median inference latency of one batch at one pruning ratio, in seconds. Same tags. */
  public static final String PRUNE_LATENCY = "netshrink.prune.latency";

  /** Test accuracy at one pruning ratio after fine-tuning. Same tags. */
  public static final String PRUNE_FINE_TUNED_ACCURACY = "netshrink.prune.fine.tuned.accuracy";

  /** Multiply-accumulates per image as the pruned network runs. Same tags. */
  public static final String PRUNE_MACS = "netshrink.prune.macs";

  /**
   * Test accuracy of one model of a campaign (a trial's or a kept network). Tags: campaign, model.
   */
  public static final String MODEL_ACCURACY = "netshrink.model.accuracy";

  /** Trainable parameters of one model (non-zero ones for a masked network). Same tags. */
  public static final String MODEL_PARAMETERS = "netshrink.model.parameters";

  /** Size of one model's parameters file, in bytes. Same tags. */
  public static final String MODEL_SIZE = "netshrink.model.size";

  /** 1 when the model is on the campaign's Pareto front (accuracy vs parameters), else 0. */
  public static final String MODEL_PARETO = "netshrink.model.pareto";

  /** 1 for the model the campaign's target chose, else 0. Same tags. */
  public static final String MODEL_CHOSEN = "netshrink.model.chosen";

  /**
   * Epochs a trial has finished (a stopped one's: those before its stop), one series per trial of a
   * campaign kept in metrics. Tags: campaign, trial, state, stop (none, early-stopped, cancelled).
   */
  public static final String TRIAL_EPOCHS = "netshrink.trial.epochs";

  /** Trials of campaigns still kept in metrics. Tags: campaign, state. */
  public static final String TRIALS = "netshrink.trials";

  /** Live workers by role. Tag: role. */
  public static final String WORKERS = "netshrink.workers";

  public static final String TAG_CAMPAIGN = "campaign";
  public static final String TAG_TRIAL = "trial";
  public static final String TAG_TERM = "term";
  public static final String TAG_EPOCH = "epoch";
  public static final String TAG_KIND = "kind";
  public static final String TAG_MODEL = "model";
  public static final String TAG_METHOD = "method";
  public static final String TAG_RATIO = "ratio";
  public static final String TAG_STATE = "state";
  public static final String TAG_STOP = "stop";
  public static final String TAG_TOPIC = "topic";
  public static final String TAG_ROLE = "role";
  public static final String TAG_OUTCOME = "outcome";
  public static final String TAG_SOURCE = "source";

  private MetricNames() {}
}
