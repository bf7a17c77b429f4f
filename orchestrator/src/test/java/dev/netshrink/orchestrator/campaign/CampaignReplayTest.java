package dev.netshrink.orchestrator.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.netshrink.orchestrator.metrics.CampaignMetrics;
import dev.netshrink.orchestrator.pool.WorkerPool;
import dev.netshrink.orchestrator.report.FileReportWriter;
import dev.netshrink.protocol.event.CampaignCompleted;
import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.CampaignOutcome;
import dev.netshrink.protocol.event.CampaignSubmitted;
import dev.netshrink.protocol.event.TrialAbandoned;
import dev.netshrink.protocol.event.TrialRetried;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.spec.ModelRole;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialView;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The events topic alone reproduces a campaign: what workers reported and what was decided. */
class CampaignReplayTest {

  /** What reached the outcomes topic. */
  private final List<CampaignOutcome> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();

  private static final ActorTestKit testKit = ActorTestKit.create();

  @TempDir Path reports;

  private final TestProbe<WorkerPool.Command> pool = testKit.createTestProbe();
  private final TestProbe<CampaignView> views = testKit.createTestProbe();

  /** The events topic as it would be: workers' events as fed, the actor's as it published them. */
  private final List<CampaignEvent> topic = new CopyOnWriteArrayList<>();

  private ActorRef<CampaignActor.Command> campaign;
  private ActorRef<WorkerPool.JobsLost> owner;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void foldingTheRecordedEventsGivesTheSameCampaignRetriesIncluded() {
    CampaignView live = runCampaignWithARetryALostJobAndAGiveUp();

    CampaignView replayed = fold(topic);

    assertThat(replayed).isEqualTo(live);
    assertThat(live.trials())
        .extracting(TrialView::name, TrialView::state, TrialView::attempt)
        .containsExactly(
            tuple("teacher", TrialStatus.SUCCEEDED, 2),
            tuple("kd-a0.5-t4", TrialStatus.SUCCEEDED, 2),
            tuple("kd-a0.9-t4", TrialStatus.FAILED, 2),
            tuple("ce-baseline", TrialStatus.SUCCEEDED, 1),
            tuple("prune-student-l1-unstructured", TrialStatus.SUCCEEDED, 1));
    assertThat(topic)
        .filteredOn(TrialRetried.class::isInstance)
        .map(TrialRetried.class::cast)
        .extracting(TrialRetried::jobId, TrialRetried::reason)
        .containsExactly(
            tuple("c1/teacher#1", "CUDA out of memory"),
            tuple("c1/kd-a0.5-t4#1", "worker s1 stopped sending heartbeats"),
            tuple("c1/kd-a0.9-t4#1", "NaN loss"));
    assertThat(topic)
        .filteredOn(TrialAbandoned.class::isInstance)
        .map(TrialAbandoned.class::cast)
        .extracting(TrialAbandoned::jobId, TrialAbandoned::reason)
        .containsExactly(tuple("c1/kd-a0.9-t4#2", "NaN loss again"));
    // and the state between: replayed up to the loss, the trial waits, saying why
    int lost =
        topic.indexOf(
            topic.stream()
                .filter(TrialRetried.class::isInstance)
                .filter(e -> ((TrialRetried) e).jobId().equals("c1/kd-a0.5-t4#1"))
                .findFirst()
                .orElseThrow());
    assertThat(fold(topic.subList(0, lost + 1)).trials().get(1))
        .extracting(TrialView::state, TrialView::attempt, TrialView::error)
        .containsExactly(TrialStatus.WAITING, 1, "worker s1 stopped sending heartbeats");
  }

  @Test
  void aCampaignRebuiltFromTheTopicHasNothingLeftToDecide() {
    CampaignView live = runCampaignWithARetryALostJobAndAGiveUp();
    List<CampaignEvent> recorded = List.copyOf(topic);
    List<CampaignEvent> publishedAgain = new CopyOnWriteArrayList<>();
    TestProbe<CampaignView> rebuiltViews = testKit.createTestProbe();
    pool.receiveSeveralMessages(0);

    ActorRef<CampaignActor.Command> rebuilt = spawn(publishedAgain::add, rebuiltViews);
    recorded.forEach(e -> rebuilt.tell(new CampaignActor.EventReceived(e)));
    rebuilt.tell(CampaignActor.ReplayFinished.INSTANCE);

    assertThat(awaitFinished(rebuiltViews)).isEqualTo(live);
    pool.expectNoMessage(Duration.ofMillis(300));
    assertThat(publishedAgain).isEmpty();
  }

  @Test
  void theMembersOfALostPackAreQueuedAgainTogether() {
    campaign = spawn(topic::add, views);
    campaign.tell(CampaignActor.ReplayFinished.INSTANCE);
    CampaignEvents.teacherRun(enqueued()).forEach(this::feed);
    List<RunJob> students = List.of(enqueued(), enqueued(), enqueued());
    students.forEach(s -> feed(CampaignEvents.started(s, "s1")));

    owner.tell(
        new WorkerPool.JobsLost(
            students.stream().map(RunJob::jobId).toList(), "worker s1 stopped sending heartbeats"));

    // one round: the pool sees the retries at once and can pack them again
    assertThat(pool.expectMessageClass(WorkerPool.EnqueueAll.class).jobs())
        .extracting(RunJob::jobId)
        .containsExactlyElementsOf(
            students.stream().map(s -> s.jobId().replace("#1", "#2")).toList());
  }

  private CampaignView runCampaignWithARetryALostJobAndAGiveUp() {
    campaign = spawn(topic::add, views);
    campaign.tell(CampaignActor.ReplayFinished.INSTANCE);
    RunJob teacher = enqueued();
    feed(CampaignEvents.started(teacher, "t1"));
    feed(CampaignEvents.failed(teacher, "CUDA out of memory"));
    RunJob teacherAgain = enqueued();
    CampaignEvents.teacherRun(teacherAgain).forEach(this::feed);
    RunJob lostStudent = enqueued();
    RunJob failingStudent = enqueued();
    RunJob baseline = enqueued();
    // a worker lost mid-run, as the pool reports it
    feed(CampaignEvents.started(lostStudent, "s1"));
    owner.tell(
        new WorkerPool.JobsLost(
            List.of(lostStudent.jobId()), "worker s1 stopped sending heartbeats"));
    RunJob lostStudentAgain = enqueued();
    // a student that fails both its attempts
    feed(CampaignEvents.started(failingStudent, "s2"));
    feed(CampaignEvents.failed(failingStudent, "NaN loss"));
    RunJob failingStudentAgain = enqueued();
    feed(CampaignEvents.started(failingStudentAgain, "s2"));
    feed(CampaignEvents.failed(failingStudentAgain, "NaN loss again"));
    awaitPublished(TrialAbandoned.class);
    for (RunJob s : List.of(lostStudentAgain, baseline)) {
      feed(CampaignEvents.started(s, "s3"));
      feed(CampaignEvents.epoch(s, 1, 0.8));
      feed(CampaignEvents.completed(s, 0.8));
    }
    RunJob prune = enqueued();
    feed(CampaignEvents.prunePoint(prune, ModelRole.STUDENT, 0.25));
    feed(CampaignEvents.completed(prune, Double.NaN));
    CampaignView live = awaitFinished(views);
    assertThat(topic).last().isInstanceOf(CampaignCompleted.class);
    return live;
  }

  private static CampaignView fold(List<CampaignEvent> events) {
    CampaignState state = new CampaignState("c1", CampaignEvents.SPEC, 0L, new AttemptLimits(2, 2));
    events.forEach(state::apply);
    return state.view();
  }

  private void feed(CampaignEvent event) {
    topic.add(event);
    campaign.tell(new CampaignActor.EventReceived(event));
  }

  /** The next job queued; by then the decisions that led to it are on the topic. */
  private RunJob enqueued() {
    if (together.isEmpty()) {
      WorkerPool.EnqueueAll enqueue = pool.expectMessageClass(WorkerPool.EnqueueAll.class);
      owner = enqueue.owner();
      together.addAll(enqueue.jobs());
    }
    return together.removeFirst();
  }

  /** Jobs of one decision round arrive together; the rest wait here for the next call. */
  private final java.util.ArrayDeque<RunJob> together = new java.util.ArrayDeque<>();

  private void awaitPublished(Class<? extends CampaignEvent> type) {
    testKit
        .createTestProbe()
        .awaitAssert(
            Duration.ofSeconds(5),
            () -> {
              assertThat(topic).anyMatch(type::isInstance);
              return null;
            });
  }

  private static CampaignView awaitFinished(TestProbe<CampaignView> views) {
    List<CampaignView> pushed =
        views.fishForMessage(
            Duration.ofSeconds(10),
            v -> v.finished() ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
    return pushed.get(pushed.size() - 1);
  }

  private ActorRef<CampaignActor.Command> spawn(
      Consumer<CampaignEvent> sink, TestProbe<CampaignView> views) {
    CampaignContext context =
        new CampaignContext(
            pool.getRef(),
            sink,
            outcomes::add,
            TrialOutcomes.NONE,
            new FileReportWriter(reports),
            Runnable::run,
            new AttemptLimits(2, 2),
            new CampaignMetrics(new SimpleMeterRegistry()),
            Duration.ofMinutes(1));
    return testKit.spawn(
        CampaignActor.create(
            new CampaignSubmitted("c1", 0L, CampaignEvents.SPEC), context, views.getRef()));
  }
}
