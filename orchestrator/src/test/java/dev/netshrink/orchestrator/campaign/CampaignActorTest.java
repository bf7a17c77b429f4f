package dev.netshrink.orchestrator.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.orchestrator.metrics.CampaignMetrics;
import dev.netshrink.orchestrator.pool.WorkerPool;
import dev.netshrink.orchestrator.report.FileReportWriter;
import dev.netshrink.protocol.event.CampaignCompleted;
import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.CampaignOutcome;
import dev.netshrink.protocol.event.CampaignSubmitted;
import dev.netshrink.protocol.event.TrainingProgressed;
import dev.netshrink.protocol.event.TrialQueued;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.metrics.MetricNames;
import dev.netshrink.protocol.spec.ModelRole;
import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.TrialStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CampaignActorTest {

  /** What reached the outcomes topic. */
  private final List<CampaignOutcome> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();

  private static final ActorTestKit testKit = ActorTestKit.create();

  @TempDir Path reports;

  private final TestProbe<WorkerPool.Command> pool = testKit.createTestProbe();
  private final TestProbe<CampaignView> views = testKit.createTestProbe();
  private final List<CampaignEvent> emitted = new CopyOnWriteArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void schedulesNothingUntilTheLogIsReplayed() {
    ActorRef<CampaignActor.Command> campaign = spawnCampaign();

    pool.expectNoMessage(Duration.ofMillis(200));
    campaign.tell(CampaignActor.ReplayFinished.INSTANCE);

    assertThat(enqueued().jobId()).isEqualTo("c1/teacher#1");
  }

  @Test
  void aReplayedHistoryIsNotScheduledAgain() {
    ActorRef<CampaignActor.Command> campaign = spawnCampaign();
    // the log already holds the teacher's whole first attempt, queued by an earlier run
    RunJob teacher = new RunJob("c1/teacher#1", "c1", "c1/teacher", 1, null);
    CampaignEvents.teacherRun(teacher)
        .forEach(e -> campaign.tell(new CampaignActor.EventReceived(e)));

    campaign.tell(CampaignActor.ReplayFinished.INSTANCE);

    // so the teacher is not run again: the students are next
    assertThat(List.of(enqueued(), enqueued(), enqueued()))
        .extracting(RunJob::trialId)
        .containsExactly("c1/kd-a0.5-t4", "c1/kd-a0.9-t4", "c1/ce-baseline");
    pool.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void aJobRunningBeforeTheRestartIsWatchedNotRequeued() {
    ActorRef<CampaignActor.Command> campaign = spawnCampaign();
    RunJob teacher = new RunJob("c1/teacher#1", "c1", "c1/teacher", 1, null);
    campaign.tell(new CampaignActor.EventReceived(CampaignEvents.started(teacher, "t1")));

    campaign.tell(CampaignActor.ReplayFinished.INSTANCE);

    WorkerPool.Watch watch = pool.expectMessageClass(WorkerPool.Watch.class);
    assertThat(watch.jobId()).isEqualTo("c1/teacher#1");
    pool.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void runsTheWholeGraphAndWritesTheReport() throws Exception {
    ActorRef<CampaignActor.Command> campaign = spawnCampaign();
    campaign.tell(CampaignActor.ReplayFinished.INSTANCE);

    RunJob teacher = enqueued();
    CampaignEvents.teacherRun(teacher)
        .forEach(e -> campaign.tell(new CampaignActor.EventReceived(e)));
    List<RunJob> students = List.of(enqueued(), enqueued(), enqueued());
    double accuracy = 0.80;
    for (RunJob s : students) {
      campaign.tell(new CampaignActor.EventReceived(CampaignEvents.epoch(s, 1, accuracy)));
      campaign.tell(new CampaignActor.EventReceived(CampaignEvents.completed(s, accuracy)));
      accuracy += 0.01;
    }
    RunJob prune = enqueued();
    for (double ratio : List.of(0.0, 0.25, 0.5)) {
      campaign.tell(
          new CampaignActor.EventReceived(
              CampaignEvents.prunePoint(prune, ModelRole.STUDENT, ratio)));
      campaign.tell(
          new CampaignActor.EventReceived(
              CampaignEvents.prunePoint(prune, ModelRole.TEACHER, ratio)));
    }
    campaign.tell(new CampaignActor.EventReceived(CampaignEvents.completed(prune, Double.NaN)));

    CampaignView done = awaitFinished();
    assertThat(done.state()).isEqualTo(CampaignStatus.SUCCEEDED);
    assertThat(done.pruning()).hasSize(6);
    assertThat(emitted)
        .filteredOn(TrialQueued.class::isInstance)
        .extracting(e -> ((TrialQueued) e).jobId())
        .containsExactly(
            "c1/teacher#1",
            "c1/kd-a0.5-t4#1",
            "c1/kd-a0.9-t4#1",
            "c1/ce-baseline#1",
            "c1/prune-student-l1-unstructured#1");
    assertThat(emitted)
        .filteredOn(e -> !(e instanceof TrialQueued))
        .singleElement()
        .isInstanceOf(CampaignCompleted.class);
    Path dir = Path.of(done.reportDir());
    assertThat(dir).isEqualTo(reports.resolve("c1").toAbsolutePath());
    // and how it ended is kept where the events' retention cannot drop it
    assertThat(outcomes)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.view().state()).isEqualTo(CampaignStatus.SUCCEEDED);
              assertThat(o.view().reportDir()).isEqualTo(done.reportDir());
              assertThat(o.view().trials()).isEqualTo(done.trials());
            });
    assertThat(Files.readAllLines(dir.resolve("results.csv")))
        .hasSize(6)
        // the baseline's T does nothing: no value; a pruner job has no model of its own
        .anySatisfy(line -> assertThat(line).startsWith("ce-baseline,student,0.0,,succeeded"))
        .anySatisfy(line -> assertThat(line).matches("prune-[^,]*,prune,,,succeeded,1,,,.*"));
    assertThat(Files.readAllLines(dir.resolve("pruning.csv"))).hasSize(7);
    // standard JSON (a strict parser takes it), written as the campaign ended, saying where it is
    var results =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(dir.resolve("results.json").toFile());
    assertThat(results.get("state").asText()).isEqualTo("succeeded");
    assertThat(results.get("reportDir").asText()).isEqualTo(done.reportDir());
    assertThat(Files.size(dir.resolve("pruning-accuracy.png"))).isGreaterThan(1000);
  }

  @Test
  void metricsFollowTheEventsAndAreDroppedAfterTheRetention() {
    ActorRef<CampaignActor.Command> campaign = spawnCampaign();
    campaign.tell(CampaignActor.ReplayFinished.INSTANCE);
    RunJob teacher = enqueued();
    CampaignEvents.teacherRun(teacher)
        .forEach(e -> campaign.tell(new CampaignActor.EventReceived(e)));
    List<RunJob> students = List.of(enqueued(), enqueued(), enqueued());
    campaign.tell(new CampaignActor.EventReceived(CampaignEvents.epoch(students.get(0), 1, 0.7)));

    TestProbe<Object> probe = testKit.createTestProbe();
    probe.awaitAssert(
        Duration.ofSeconds(5),
        () -> {
          assertThat(
                  registry
                      .get(MetricNames.DISTILL_ACCURACY)
                      .tag("trial", "kd-a0.5-t4")
                      .gauge()
                      .value())
              .isEqualTo(0.7);
          assertThat(registry.get(MetricNames.DISTILL_LOSS).tag("term", "kd").gauges()).hasSize(2);
          assertThat(
                  registry
                      .get(MetricNames.TRIALS)
                      .tag("campaign", "c1")
                      .tag("state", "queued")
                      .gauge()
                      .value())
              .isEqualTo(3.0);
          // the models dashboard: the teacher is the only model yet, so it is the front
          assertThat(
                  registry.get(MetricNames.MODEL_ACCURACY).tag("model", "teacher").gauge().value())
              .isEqualTo(0.9);
          assertThat(registry.get(MetricNames.MODEL_PARETO).tag("model", "teacher").gauge().value())
              .isEqualTo(1.0);
          return null;
        });
    for (RunJob s : students) {
      campaign.tell(new CampaignActor.EventReceived(CampaignEvents.completed(s, 0.8)));
    }
    RunJob prune = enqueued();
    campaign.tell(new CampaignActor.EventReceived(CampaignEvents.completed(prune, Double.NaN)));
    awaitFinished();

    probe.awaitAssert(
        Duration.ofSeconds(5),
        () -> {
          assertThat(registry.find(MetricNames.DISTILL_LOSS).gauges()).isEmpty();
          assertThat(registry.find(MetricNames.TRIALS).gauges())
              .as("the finished campaign's trials are no longer counted")
              .isEmpty();
          assertThat(registry.find(MetricNames.MODEL_ACCURACY).gauges()).isEmpty();
          return null;
        });
  }

  @Test
  void aCampaignThatEndedLongBeforeAReplayLeavesTheMetricsAtOnce() {
    ActorRef<CampaignActor.Command> campaign = spawnCampaign(Duration.ofHours(1));
    RunJob teacher = enqueuedAfter(campaign);
    CampaignEvents.teacherRun(teacher)
        .forEach(e -> campaign.tell(new CampaignActor.EventReceived(e)));
    campaign.tell(new CampaignActor.EventReceived(CampaignEvents.epoch(teacher, 2, 0.9)));

    // the log also holds its end, two hours ago
    campaign.tell(
        new CampaignActor.EventReceived(
            new CampaignCompleted(
                CampaignEvent.newId(),
                "c1",
                System.currentTimeMillis() - Duration.ofHours(2).toMillis(),
                true,
                null)));

    testKit
        .createTestProbe()
        .awaitAssert(
            Duration.ofSeconds(5),
            () -> {
              assertThat(registry.find(MetricNames.DISTILL_ACCURACY).gauges()).isEmpty();
              assertThat(registry.find(MetricNames.TRIALS).gauges()).isEmpty();
              return null;
            });
  }

  @Test
  void viewsArePushedTogetherWhileEventsArriveAndAtOnceAtTheEnd() {
    ActorRef<CampaignActor.Command> campaign = spawnCampaign();
    RunJob teacher = enqueuedAfter(campaign);
    assertThat(views.receiveMessage().trials().get(0).state())
        .as("pushed when it started")
        .isEqualTo(TrialStatus.WAITING);
    assertThat(views.receiveMessage().trials().get(0).state())
        .as("pushed when the replay ended")
        .isEqualTo(TrialStatus.QUEUED);

    for (int done = 1; done <= 200; done++) {
      campaign.tell(
          new CampaignActor.EventReceived(
              new TrainingProgressed(
                  CampaignEvent.newId(), teacher.ref("t1"), done, "training", done, 400)));
    }

    // every view pushed until the one that shows the last event
    List<CampaignView> pushed =
        views.fishForMessage(
            Duration.ofSeconds(5),
            v ->
                v.trials().get(0).progress() == 0.5
                    ? FishingOutcomes.complete()
                    : FishingOutcomes.continueAndCollect());
    assertThat(pushed).as("200 events, pushed together").hasSizeLessThan(50);
    assertThat(pushed.get(pushed.size() - 1).trials().get(0).phase()).isEqualTo("training");
    views.expectNoMessage(Duration.ofMillis(2 * CampaignActor.VIEW_PUSH_INTERVAL.toMillis()));

    campaign.tell(
        new CampaignActor.EventReceived(
            new CampaignCompleted(
                CampaignEvent.newId(), "c1", System.currentTimeMillis(), false, null)));
    assertThat(views.receiveMessage(Duration.ofMillis(100)).finished())
        .as("the end is pushed at once")
        .isTrue();
  }

  private RunJob enqueuedAfter(ActorRef<CampaignActor.Command> campaign) {
    campaign.tell(CampaignActor.ReplayFinished.INSTANCE);
    return enqueued();
  }

  /** The view pushed when the campaign completed. */
  private CampaignView awaitFinished() {
    List<CampaignView> pushed =
        views.fishForMessage(
            Duration.ofSeconds(10),
            v -> v.finished() ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
    return pushed.get(pushed.size() - 1);
  }

  /** Jobs of one decision round arrive together; the rest wait here for the next call. */
  private final java.util.ArrayDeque<RunJob> enqueuedTogether = new java.util.ArrayDeque<>();

  private RunJob enqueued() {
    if (enqueuedTogether.isEmpty()) {
      enqueuedTogether.addAll(pool.expectMessageClass(WorkerPool.EnqueueAll.class).jobs());
    }
    return enqueuedTogether.removeFirst();
  }

  private ActorRef<CampaignActor.Command> spawnCampaign() {
    return spawnCampaign(Duration.ofMillis(300));
  }

  private ActorRef<CampaignActor.Command> spawnCampaign(Duration metricsRetention) {
    CampaignContext context =
        new CampaignContext(
            pool.getRef(),
            emitted::add,
            outcomes::add,
            TrialOutcomes.NONE,
            new FileReportWriter(reports),
            Runnable::run,
            new AttemptLimits(2, 2),
            new CampaignMetrics(registry),
            metricsRetention);
    return testKit.spawn(
        CampaignActor.create(
            new CampaignSubmitted("c1", 0L, CampaignEvents.SPEC), context, views.getRef()));
  }
}
