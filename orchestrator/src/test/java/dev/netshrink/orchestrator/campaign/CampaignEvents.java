package dev.netshrink.orchestrator.campaign;

import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.CheckpointSaved;
import dev.netshrink.protocol.event.EpochCompleted;
import dev.netshrink.protocol.event.LogitsPublished;
import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.event.PrunePointMeasured;
import dev.netshrink.protocol.event.TrialCompleted;
import dev.netshrink.protocol.event.TrialFailed;
import dev.netshrink.protocol.event.TrialRef;
import dev.netshrink.protocol.event.TrialStarted;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.spec.CampaignSpec;
import dev.netshrink.protocol.spec.ModelRole;
import dev.netshrink.protocol.spec.PruningMethod;
import dev.netshrink.protocol.spec.SpecValidator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Builds the events a worker would send for a job, for campaign tests. */
final class CampaignEvents {

  static final CampaignSpec SPEC =
      SpecValidator.load(
          """
      name: t
      distillation: {alphas: [0.5, 0.9], temperatures: [4], baseline: true}
      pruning: {ratios: {from: 0.0, to: 0.5, step: 0.25}, models: [student],
                methods: [l1-unstructured]}
      """,
          false);

  private CampaignEvents() {}

  /**
   * Which worker started each job: its later reports come from that worker, as a real worker's do
   * (the fold ignores an attempt's reports from any other).
   */
  private static final Map<String, String> STARTED_ON = new ConcurrentHashMap<>();

  static TrialRef reported(RunJob job) {
    return job.ref(STARTED_ON.getOrDefault(job.jobId(), "w"));
  }

  static TrialStarted started(RunJob job, String worker) {
    STARTED_ON.put(job.jobId(), worker);
    return new TrialStarted(CampaignEvent.newId(), job.ref(worker), 1L, job.attempt());
  }

  static EpochCompleted epoch(RunJob job, int epoch, double accuracy) {
    return new EpochCompleted(
        CampaignEvent.newId(), reported(job), 2L, epoch, 3, 0.5, 0.4, 0.9, accuracy, 1000);
  }

  static LogitsPublished logits(RunJob teacherJob, int images) {
    return new LogitsPublished(
        CampaignEvent.newId(),
        reported(teacherJob),
        3L,
        teacherJob.trialId(),
        images,
        10,
        "fp16",
        1,
        100,
        false);
  }

  static CheckpointSaved checkpoint(RunJob job, int epoch) {
    return new CheckpointSaved(CampaignEvent.newId(), reported(job), 4L, epoch, 1, 10);
  }

  static TrialCompleted completed(RunJob job, double accuracy) {
    return new TrialCompleted(CampaignEvent.newId(), reported(job), 5L, accuracy, 1234, 1.5);
  }

  static TrialFailed failed(RunJob job, String reason) {
    return new TrialFailed(CampaignEvent.newId(), reported(job), 6L, reason);
  }

  static PrunePointMeasured prunePoint(RunJob job, ModelRole model, double ratio) {
    return new PrunePointMeasured(
        CampaignEvent.newId(),
        reported(job),
        7L,
        new PrunePoint(
            model,
            PruningMethod.L1_UNSTRUCTURED,
            ratio,
            0.9 - ratio,
            100,
            200,
            300,
            0.002,
            256,
            40_000,
            Double.NaN));
  }

  /** A sensitivity analysis's point: {@code layer} alone at {@code ratio}. */
  static PrunePointMeasured layerPoint(
      RunJob job, String layer, double ratio, double accuracy, long parameters) {
    return new PrunePointMeasured(
        CampaignEvent.newId(),
        reported(job),
        7L,
        new PrunePoint(
                ModelRole.STUDENT,
                PruningMethod.L1_UNSTRUCTURED,
                ratio,
                accuracy,
                0,
                0,
                parameters,
                0,
                0,
                0,
                Double.NaN)
            .withLayer(layer));
  }

  /** The full successful event history of a teacher job. */
  static List<CampaignEvent> teacherRun(RunJob teacher) {
    return List.of(
        started(teacher, "t1"),
        epoch(teacher, 1, 0.85),
        logits(teacher, 600),
        checkpoint(teacher, 1),
        completed(teacher, 0.9));
  }
}
