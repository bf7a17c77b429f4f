package dev.netshrink.protocol.wire.golden;

import dev.netshrink.protocol.event.CampaignCancelled;
import dev.netshrink.protocol.event.CampaignCompleted;
import dev.netshrink.protocol.event.CampaignOutcome;
import dev.netshrink.protocol.event.CampaignSubmitted;
import dev.netshrink.protocol.event.CheckpointSaved;
import dev.netshrink.protocol.event.ConcurrencyLimited;
import dev.netshrink.protocol.event.EpochCompleted;
import dev.netshrink.protocol.event.KeptModel;
import dev.netshrink.protocol.event.LatencySpread;
import dev.netshrink.protocol.event.LogitsPublished;
import dev.netshrink.protocol.event.PredictionsMade;
import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.event.PrunePointMeasured;
import dev.netshrink.protocol.event.StopCause;
import dev.netshrink.protocol.event.TrainingProgressed;
import dev.netshrink.protocol.event.TrialAbandoned;
import dev.netshrink.protocol.event.TrialCompleted;
import dev.netshrink.protocol.event.TrialFailed;
import dev.netshrink.protocol.event.TrialOutcome;
import dev.netshrink.protocol.event.TrialPromoted;
import dev.netshrink.protocol.event.TrialQueued;
import dev.netshrink.protocol.event.TrialRef;
import dev.netshrink.protocol.event.TrialReopened;
import dev.netshrink.protocol.event.TrialRetried;
import dev.netshrink.protocol.event.TrialStarted;
import dev.netshrink.protocol.event.TrialStopped;
import dev.netshrink.protocol.event.TrialsAdded;
import dev.netshrink.protocol.job.Assignment;
import dev.netshrink.protocol.job.JobSpec;
import dev.netshrink.protocol.spec.Architecture;
import dev.netshrink.protocol.spec.CampaignSpec;
import dev.netshrink.protocol.spec.DatasetSpec;
import dev.netshrink.protocol.spec.DistillationGrid;
import dev.netshrink.protocol.spec.LogitsSpec;
import dev.netshrink.protocol.spec.ModelRole;
import dev.netshrink.protocol.spec.PruningMethod;
import dev.netshrink.protocol.spec.PruningSchedule;
import dev.netshrink.protocol.spec.PruningSpec;
import dev.netshrink.protocol.spec.ScheduleKind;
import dev.netshrink.protocol.spec.StudentSpec;
import dev.netshrink.protocol.spec.TeacherSpec;
import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.EpochView;
import dev.netshrink.protocol.view.TargetChoice;
import dev.netshrink.protocol.view.TrialSettings;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialStop;
import dev.netshrink.protocol.view.TrialView;
import dev.netshrink.protocol.view.WorkerView;
import dev.netshrink.protocol.wire.DeadLetter;
import dev.netshrink.protocol.worker.Heartbeat;
import dev.netshrink.protocol.worker.WorkerRole;
import java.util.List;

/**
 * One fixed, fully populated instance of every JSON wire type, with ids and figures as a real
 * campaign produces them. Their JSON is pinned by the files under {@code golden/}.
 */
final class WireSamples {

  static final String CAMPAIGN = "c-7f3a";
  static final String STUDENT = CAMPAIGN + "/kd-a0.9-t4";
  static final String STUDENT_JOB = STUDENT + "#2";
  static final String WORKER = "student-1";
  static final long AT = 1_764_547_200_123L;
  static final TrialRef REF = new TrialRef(CAMPAIGN, STUDENT, STUDENT_JOB, WORKER);

  private WireSamples() {}

  static final CampaignSpec SPEC =
      new CampaignSpec(
          "fashion-demo",
          20220013L,
          new DatasetSpec(
              DatasetSpec.FASHION_MNIST, "/usr/share/datasets/fashion-mnist", 30_000, 5_000, false),
          new TeacherSpec(
              Architecture.TEACHER_CNN, 3, 64, 0.003, "cosine", "/data/teacher-cnn.params"),
          new StudentSpec(
              Architecture.DW_STUDENT,
              List.of(32, 64, 128, 128, 192),
              60_000,
              3,
              64,
              0.005,
              "constant",
              "auto"),
          new DistillationGrid(List.of(0.5, 0.9), List.of(1.0, 4.0), true),
          new LogitsSpec("fp16"),
          new PruningSpec(
              null,
              List.of(PruningMethod.L1_UNSTRUCTURED, PruningMethod.L2_STRUCTURED),
              new PruningSpec.RatioRange(0.0, 0.95, 0.05),
              List.of(ModelRole.STUDENT, ModelRole.TEACHER),
              2,
              new PruningSchedule(ScheduleKind.AGP, 0.75, 3, 1),
              5,
              true,
              8),
          null,
          null);

  static final TrialStarted TRIAL_STARTED = new TrialStarted("e-01", REF, AT, 2);

  static final TrainingProgressed TRAINING_PROGRESSED =
      new TrainingProgressed("e-02", REF, AT + 1, "training", 1_250, 2_811);

  static final EpochCompleted EPOCH_COMPLETED =
      new EpochCompleted("e-03", REF, AT + 2, 2, 3, 0.4125, 0.3375, 0.75, 0.8812, 1234.5);

  static final LogitsPublished LOGITS_PUBLISHED =
      new LogitsPublished(
          "e-04",
          new TrialRef(CAMPAIGN, CAMPAIGN + "/teacher", CAMPAIGN + "/teacher#1", "teacher-1"),
          AT + 3,
          "logits-5f0c2a9e8d7b6c5a4f3e2d1c0b9a8f7e",
          30_000,
          10,
          "fp16",
          8,
          600_176L,
          false);

  static final CheckpointSaved CHECKPOINT_SAVED =
      new CheckpointSaved("e-05", REF, AT + 4, 3, 2, 1_048_576L);

  static final PrunePoint PRUNE_POINT =
      new PrunePoint(
          ModelRole.STUDENT,
          PruningMethod.L2_STRUCTURED,
          0.35,
          0.8123,
          41_210L,
          63_400L,
          44_980L,
          0.0123,
          64,
          1_950_000L,
          0.8456,
          new KeptModel(KeptModel.keyOf(STUDENT, "l2-structured", 0.35), STUDENT, 180_212L),
          null,
          null,
          null,
          new KeptModel(
              KeptModel.keyOfFineTuned(STUDENT, "l2-structured", 0.35), STUDENT, 180_212L),
          new LatencySpread(0.0119, 0.0131),
          0.0201);

  static final PrunePointMeasured PRUNE_POINT_MEASURED =
      new PrunePointMeasured(
          "e-06",
          new TrialRef(CAMPAIGN, CAMPAIGN + "/prune", CAMPAIGN + "/prune#1", "pruner-1"),
          AT + 5,
          PRUNE_POINT);

  static final TrialCompleted TRIAL_COMPLETED =
      new TrialCompleted("e-07", REF, AT + 6, 0.8812, 58_378L, 95.25);

  static final TrialFailed TRIAL_FAILED =
      new TrialFailed(
          "e-08", REF, AT + 7, "IllegalStateException: logits c-7f3a/teacher are incomplete");

  static final PredictionsMade PREDICTIONS_MADE =
      new PredictionsMade(
          "e-09", REF, AT + 8, List.of("0001.jpg", "0002.jpg", "0003.jpg"), List.of(3, 0, 10));

  /** The orchestrator's decisions: no worker reported them. */
  static final TrialQueued TRIAL_QUEUED =
      new TrialQueued("e-11", new TrialRef(CAMPAIGN, STUDENT, STUDENT_JOB, null), AT + 10, 2);

  static final TrialRetried TRIAL_RETRIED =
      new TrialRetried(
          "e-12",
          new TrialRef(CAMPAIGN, STUDENT, STUDENT + "#1", null),
          AT + 11,
          "worker student-1 stopped sending heartbeats",
          true);

  static final TrialAbandoned TRIAL_ABANDONED =
      new TrialAbandoned(
          "e-13",
          new TrialRef(CAMPAIGN, CAMPAIGN + "/prune", null, null),
          AT + 12,
          "nothing to prune: the teacher and every student failed");

  static final TrialStopped TRIAL_STOPPED =
      new TrialStopped(
          "e-14",
          new TrialRef(CAMPAIGN, CAMPAIGN + "/rand-03", CAMPAIGN + "/rand-03#1", null),
          AT + 13,
          StopCause.EARLY_STOPPED,
          2,
          "asha: accuracy 0.8120 at epoch 2, cutoff 0.8455 (top 1/3 of 4 trials before it)");

  static final TrialPromoted TRIAL_PROMOTED =
      new TrialPromoted(
          "e-15",
          new TrialRef(CAMPAIGN, CAMPAIGN + "/rand-01", CAMPAIGN + "/rand-01#1", null),
          AT + 14,
          1,
          "asha: the first trial to reach epoch 1");

  static final CampaignCancelled CAMPAIGN_CANCELLED =
      new CampaignCancelled("e-16", CAMPAIGN, AT + 15, "cancelled by a user");

  static final TrialReopened TRIAL_REOPENED =
      new TrialReopened(
          "e-17",
          new TrialRef(CAMPAIGN, CAMPAIGN + "/rand-03", CAMPAIGN + "/rand-03#1", null),
          AT + 16,
          "retried by a user");

  static final ConcurrencyLimited CONCURRENCY_LIMITED =
      new ConcurrencyLimited("e-18", CAMPAIGN, AT + 17, 2);

  static final TrialsAdded TRIALS_ADDED =
      new TrialsAdded(
          "e-19",
          CAMPAIGN,
          AT + 18,
          List.of(
              new TrialsAdded.Added("kd-a0.7-t8", 0.7, 8.0, null),
              new TrialsAdded.Added(
                  "rand-17",
                  0.433,
                  4.0,
                  new TrialSettings(0.00418, 64, 0.9, List.of(29, 58, 115, 115, 173), 4))));

  /** A trial drawn by a random search, stopped early. */
  static final TrialView SEARCH_TRIAL_VIEW =
      new TrialView(
          CAMPAIGN + "/rand-03",
          "rand-03",
          "student",
          0.612,
          2.0,
          TrialStatus.STOPPED,
          1,
          WORKER,
          List.of(
              new EpochView(1, 0.58, 0.49, 1.07, 0.79, 1240.0),
              new EpochView(2, 0.41, 0.37, 0.78, 0.812, 1251.0)),
          0.5,
          "training",
          0.812,
          null,
          null,
          null,
          31_914L,
          new TrialSettings(0.00231, 128, 0.8, List.of(26, 51, 102, 102, 154), 4),
          new TrialStop(StopCause.EARLY_STOPPED, 2, TRIAL_STOPPED.reason()));

  static final CampaignCompleted CAMPAIGN_COMPLETED =
      new CampaignCompleted("e-10", CAMPAIGN, AT + 9, true, "reports/c-7f3a");

  static final CampaignSubmitted CAMPAIGN_SUBMITTED = new CampaignSubmitted(CAMPAIGN, AT, SPEC);

  static final Assignment.RunJob RUN_TEACHER_JOB =
      new Assignment.RunJob(
          CAMPAIGN + "/teacher#1",
          CAMPAIGN,
          CAMPAIGN + "/teacher",
          1,
          new JobSpec.TeacherJob(SPEC.dataset(), SPEC.teacher(), 20220013L, "fp16"));

  static final Assignment.RunJob RUN_STUDENT_JOB =
      new Assignment.RunJob(
          STUDENT_JOB,
          CAMPAIGN,
          STUDENT,
          2,
          new JobSpec.StudentJob(
              SPEC.dataset(), SPEC.student(), 0.9, 4.0, 20220013L, CAMPAIGN + "/teacher", 30_000),
          new Assignment.ResumeFrom(STUDENT + "#1", 3));

  static final Assignment.RunJob RUN_PRUNE_JOB =
      new Assignment.RunJob(
          CAMPAIGN + "/prune#1",
          CAMPAIGN,
          CAMPAIGN + "/prune",
          1,
          new JobSpec.PruneJob(
              SPEC.dataset(),
              SPEC.pruning(),
              List.of(
                  new JobSpec.PruneTarget(
                      ModelRole.STUDENT,
                      Architecture.DW_STUDENT,
                      List.of(32, 64, 128, 128, 192),
                      STUDENT,
                      STUDENT_JOB,
                      0.9,
                      4.0)),
              CAMPAIGN + "/teacher",
              30_000,
              SPEC.student(),
              20220013L,
              PruningMethod.L2_STRUCTURED,
              List.of(0.0, 0.05, 0.1, 0.15, 0.2),
              null,
              false,
              null));

  static final Assignment.RunJob RUN_SECOND_STUDENT_JOB =
      new Assignment.RunJob(
          CAMPAIGN + "/kd-a0.5-t1#1",
          CAMPAIGN,
          CAMPAIGN + "/kd-a0.5-t1",
          1,
          new JobSpec.StudentJob(
              SPEC.dataset(), SPEC.student(), 0.5, 1.0, 20220013L, CAMPAIGN + "/teacher", 30_000));

  static final Assignment.RunPack RUN_PACK =
      new Assignment.RunPack(
          Assignment.RunPack.packIdOf(List.of(RUN_STUDENT_JOB, RUN_SECOND_STUDENT_JOB)),
          List.of(RUN_STUDENT_JOB, RUN_SECOND_STUDENT_JOB));

  static final Heartbeat PACK_HEARTBEAT =
      new Heartbeat(
          WORKER,
          WorkerRole.STUDENT,
          STUDENT_JOB,
          "http://127.0.0.1:9401/metrics",
          AT,
          false,
          List.of(STUDENT_JOB, CAMPAIGN + "/kd-a0.5-t1#1"));

  static final Assignment.StopJob STOP_JOB =
      new Assignment.StopJob(STUDENT_JOB, "campaign c-7f3a cancelled");

  static final Heartbeat HEARTBEAT =
      new Heartbeat(
          WORKER, WorkerRole.STUDENT, STUDENT_JOB, "http://127.0.0.1:9401/metrics", AT, false);

  static final DeadLetter DEAD_LETTER =
      new DeadLetter(
          "netshrink.events",
          0,
          42L,
          "orchestrator",
          "org.apache.kafka.common.errors.SerializationException: cannot decode",
          "c-7f3a".getBytes(java.nio.charset.StandardCharsets.UTF_8),
          new byte[] {'{', 0, -1, 127},
          AT);

  static final EpochView EPOCH_VIEW = new EpochView(2, 0.4125, 0.3375, 0.75, 0.8812, 1234.5);

  static final TrialView TRIAL_VIEW =
      new TrialView(
          STUDENT,
          "kd-a0.9-t4",
          "student",
          0.9,
          4.0,
          TrialStatus.FAILED,
          2,
          WORKER,
          List.of(new EpochView(1, 0.61, 0.52, 1.13, 0.81, 1180.0), EPOCH_VIEW),
          0.6667,
          "training",
          0.8812,
          58_378L,
          95.25,
          "worker student-1 left",
          null);

  /** A teacher's view has no KD settings and a sweep no accuracy: both shown as absent. */
  static final CampaignView CAMPAIGN_VIEW =
      new CampaignView(
              CAMPAIGN,
              "fashion-demo",
              CampaignStatus.SUCCEEDED,
              AT,
              List.of(
                  new TrialView(
                      CAMPAIGN + "/teacher",
                      "teacher",
                      "teacher",
                      null,
                      null,
                      TrialStatus.SUCCEEDED,
                      1,
                      "teacher-1",
                      List.of(),
                      1.0,
                      "logits",
                      0.9021,
                      155_626L,
                      310.5,
                      null,
                      null),
                  TRIAL_VIEW),
              List.of(
                  PRUNE_POINT,
                  new PrunePoint(
                      ModelRole.TEACHER,
                      PruningMethod.L1_UNSTRUCTURED,
                      0.0,
                      0.9021,
                      155_000L,
                      155_000L,
                      155_626L,
                      0.0456,
                      64,
                      9_800_000L,
                      Double.NaN)),
              "reports/c-7f3a",
              null)
          .withChoice(
              new TargetChoice(
                  "maxParams 30,000",
                  STUDENT + "/l2-structured/0.35",
                  true,
                  STUDENT + "/l2-structured/0.35",
                  "fits every bound",
                  List.of(STUDENT + "/l2-structured/0.35", STUDENT),
                  List.of(STUDENT + "/l2-structured/0.35", STUDENT),
                  List.of(STUDENT + "/l2-structured/0.35")));

  static final CampaignOutcome CAMPAIGN_OUTCOME =
      new CampaignOutcome(CAMPAIGN, AT + 20, CAMPAIGN_VIEW);

  static final TrialOutcome TRIAL_OUTCOME =
      new TrialOutcome(
          CAMPAIGN,
          STUDENT,
          AT + 10,
          List.of(TRIAL_QUEUED, TRIAL_STARTED, EPOCH_COMPLETED, CHECKPOINT_SAVED, TRIAL_COMPLETED));

  static final WorkerView WORKER_VIEW =
      new WorkerView(WORKER, "student", STUDENT_JOB, 1_250L, "http://127.0.0.1:9401/metrics");
}
