package dev.netshrink.orchestrator.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.orchestrator.metrics.CampaignMetrics;
import dev.netshrink.orchestrator.pool.WorkerPool;
import dev.netshrink.protocol.event.CampaignCompleted;
import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.CampaignOutcome;
import dev.netshrink.protocol.event.CampaignSubmitted;
import dev.netshrink.protocol.event.TrialOutcome;
import dev.netshrink.protocol.event.TrialQueued;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.TrialStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class CampaignManagerTest {

  /** What reached the outcomes topic. */
  private final List<CampaignOutcome> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();

  private static final ActorTestKit testKit = ActorTestKit.create();

  private final TestProbe<WorkerPool.Command> pool = testKit.createTestProbe();

  /** What reached the events topic. */
  private final List<CampaignEvent> published = new CopyOnWriteArrayList<>();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aCampaignWhoseActorThrowsIsRebuiltFromItsEventsAndFinishes() {
    // the events topic refuses the first student's TrialQueued once: the campaign actor throws
    ActorRef<CampaignManager.Command> manager =
        spawnManager(
            failing(1, e -> e instanceof TrialQueued q && q.trialId().equals("c1/kd-a0.5-t4")));
    manager.tell(new CampaignManager.Submitted(submission("c1")));
    manager.tell(CampaignManager.ReplayFinished.INSTANCE);
    RunJob teacher = enqueued();

    CampaignEvents.teacherRun(teacher).forEach(e -> tell(manager, e));

    List<RunJob> students = List.of(enqueued(), enqueued(), enqueued());
    assertThat(students)
        .extracting(RunJob::jobId)
        .as("queued once, by the rebuilt actor")
        .containsExactly("c1/kd-a0.5-t4#1", "c1/kd-a0.9-t4#1", "c1/ce-baseline#1");
    assertThat(list(manager)).extracting(CampaignView::campaignId).containsExactly("c1");
    students.forEach(s -> tell(manager, CampaignEvents.completed(s, 0.8)));
    tell(manager, CampaignEvents.completed(enqueued(), Double.NaN));

    CampaignView done = awaitFinished(manager, "c1");
    assertThat(done.state()).isEqualTo(CampaignStatus.SUCCEEDED);
    assertThat(published)
        .filteredOn(TrialQueued.class::isInstance)
        .extracting(e -> ((TrialQueued) e).jobId())
        .containsExactly(
            "c1/teacher#1",
            "c1/kd-a0.5-t4#1",
            "c1/kd-a0.9-t4#1",
            "c1/ce-baseline#1",
            "c1/prune-student-l1-unstructured#1");
  }

  @Test
  void aCampaignWhoseActorKeepsThrowingIsStoppedAndRecordedAsFailed() {
    ActorRef<CampaignManager.Command> manager =
        spawnManager(
            failing(
                Integer.MAX_VALUE,
                e -> e instanceof TrialQueued q && q.trialId().equals("c1/kd-a0.5-t4")));
    manager.tell(new CampaignManager.Submitted(submission("c1")));
    manager.tell(CampaignManager.ReplayFinished.INSTANCE);
    RunJob teacher = enqueued();

    CampaignEvents.teacherRun(teacher).forEach(e -> tell(manager, e));

    CampaignView stopped = awaitFinished(manager, "c1");
    assertThat(stopped.state()).isEqualTo(CampaignStatus.FAILED);
    assertThat(stopped.trials().get(0).state())
        .as("the last view it had")
        .isEqualTo(TrialStatus.SUCCEEDED);
    assertThat(published)
        .filteredOn(CampaignCompleted.class::isInstance)
        .singleElement()
        .satisfies(e -> assertThat(((CampaignCompleted) e).succeeded()).isFalse());
    assertThat(list(manager))
        .extracting(CampaignView::state)
        .containsExactly(CampaignStatus.FAILED);
    // what comes later for it changes nothing, and the manager still answers
    tell(manager, CampaignEvents.epoch(teacher, 3, 0.9));
    assertThat(get(manager, "c1"))
        .hasValueSatisfying(v -> assertThat(v.state()).isEqualTo(CampaignStatus.FAILED));
  }

  @Test
  void aStuckCampaignDoesNotHoldUpTheList() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ActorRef<CampaignManager.Command> manager =
        spawnManager(
            e -> {
              if (e.campaignId().equals("stuck")) {
                awaitQuietly(release); // its actor hangs in here, as on a hung producer
              }
              published.add(e);
            });
    try {
      manager.tell(new CampaignManager.Submitted(submission("stuck")));
      manager.tell(new CampaignManager.Submitted(submission("c1")));
      manager.tell(CampaignManager.ReplayFinished.INSTANCE);
      RunJob teacher = enqueued();
      tell(manager, CampaignEvents.started(teacher, "t1"));

      TestProbe<List<CampaignView>> replies = testKit.createTestProbe();
      replies.awaitAssert(
          Duration.ofSeconds(3),
          () -> {
            manager.tell(new CampaignManager.ListCampaigns(replies.getRef()));
            List<CampaignView> views = replies.receiveMessage(Duration.ofMillis(200));
            assertThat(views).extracting(CampaignView::campaignId).containsExactly("stuck", "c1");
            assertThat(views.get(1).trials().get(0).state()).isEqualTo(TrialStatus.RUNNING);
            return null;
          });
      assertThat(teacher.campaignId()).isEqualTo("c1");
    } finally {
      release.countDown();
    }
  }

  @Test
  void aCampaignKnownByItsOutcomeIsNotRunAgainFromItsSubmission() {
    ActorRef<CampaignManager.Command> manager = spawnManager(published::add);
    CampaignView finished =
        new CampaignView(
            "c1", "t", CampaignStatus.SUCCEEDED, 0L, List.of(), List.of(), "reports/c1", List.of());
    // its events expired; the outcomes topic and the compacted submission remain
    manager.tell(new CampaignManager.OutcomeReplayed(new CampaignOutcome("c1", 5L, finished)));
    manager.tell(new CampaignManager.Submitted(submission("c1")));
    manager.tell(CampaignManager.ReplayFinished.INSTANCE);

    // the pool hears that the log was replayed, and of no job
    pool.expectMessage(WorkerPool.LogReplayed.INSTANCE);
    pool.expectNoMessage(Duration.ofMillis(300));
    assertThat(get(manager, "c1")).contains(finished);
    assertThat(published).isEmpty();
  }

  @Test
  void aRunningCampaignWhoseEventsExpiredIsRebuiltWithTheTrialsItFinished() {
    // a first orchestrator keeps the teacher's events once the teacher ended
    RecordedTrialOutcomes store = new RecordedTrialOutcomes();
    ActorRef<CampaignManager.Command> first = spawnManager(pool, published::add, store);
    first.tell(new CampaignManager.Submitted(submission("c1")));
    first.tell(CampaignManager.ReplayFinished.INSTANCE);
    RunJob teacher = enqueued(pool);
    CampaignEvents.teacherRun(teacher).forEach(e -> tell(first, e));
    testKit
        .createTestProbe()
        .awaitAssert(
            Duration.ofSeconds(5),
            () -> assertThat(store.kept).extracting(TrialOutcome::trialId).contains("c1/teacher"));
    TrialOutcome kept = store.kept.get(0);
    assertThat(kept.events()).hasSize(CampaignEvents.teacherRun(teacher).size() + 1); // + queued

    // a second one finds only the submission and that outcome: the events expired
    TestProbe<WorkerPool.Command> laterPool = testKit.createTestProbe();
    List<CampaignEvent> laterPublished = new CopyOnWriteArrayList<>();
    ActorRef<CampaignManager.Command> later = spawnManager(laterPool, laterPublished::add, store);
    later.tell(new CampaignManager.TrialOutcomeReplayed(kept));
    later.tell(new CampaignManager.Submitted(submission("c1")));
    later.tell(CampaignManager.ReplayFinished.INSTANCE);

    List<RunJob> next = List.of(enqueued(laterPool), enqueued(laterPool), enqueued(laterPool));
    assertThat(next)
        .extracting(RunJob::jobId)
        .as("the students run; the teacher does not run again")
        .containsExactly("c1/kd-a0.5-t4#1", "c1/kd-a0.9-t4#1", "c1/ce-baseline#1");
    assertThat(get(later, "c1").orElseThrow().trials().get(0).state())
        .isEqualTo(TrialStatus.SUCCEEDED);
    // a teacher event the log still held is not folded twice
    tell(later, kept.events().get(kept.events().size() - 1));
    next.forEach(s -> tell(later, CampaignEvents.completed(s, 0.8)));
    tell(later, CampaignEvents.completed(enqueued(laterPool), Double.NaN));

    assertThat(awaitFinished(later, "c1").state()).isEqualTo(CampaignStatus.SUCCEEDED);
    assertThat(laterPublished)
        .filteredOn(e -> e instanceof TrialQueued q && q.trialId().equals("c1/teacher"))
        .isEmpty();
    testKit
        .createTestProbe()
        .awaitAssert(
            Duration.ofSeconds(5),
            () ->
                assertThat(store.forgotten)
                    .as("the campaign has its outcome: every trial's kept is deleted")
                    .contains("c1/teacher")
                    .containsExactlyInAnyOrderElementsOf(
                        store.kept.stream().map(TrialOutcome::trialId).distinct().toList()));
  }

  /** What reached the trial-outcomes topic. */
  private static final class RecordedTrialOutcomes implements TrialOutcomes {
    final List<TrialOutcome> kept = new CopyOnWriteArrayList<>();
    final List<String> forgotten = new CopyOnWriteArrayList<>();

    @Override
    public void keep(TrialOutcome outcome) {
      kept.add(outcome);
    }

    @Override
    public void forget(String trialId) {
      forgotten.add(trialId);
    }
  }

  @Test
  void aMessageThatMakesTheRegistryThrowIsDroppedAndEveryCampaignStays() {
    ActorRef<CampaignManager.Command> manager = spawnManager(published::add);
    manager.tell(new CampaignManager.Submitted(submission("c1")));

    // no decoder lets such a submission through; if one came, only it would be lost
    manager.tell(new CampaignManager.Submitted(null));
    manager.tell(new CampaignManager.Submitted(submission("c2")));

    testKit
        .createTestProbe()
        .awaitAssert(
            Duration.ofSeconds(5),
            () -> {
              assertThat(list(manager))
                  .extracting(CampaignView::campaignId)
                  .containsExactly("c1", "c2");
              return null;
            });
  }

  private ActorRef<CampaignManager.Command> spawnManager(
      java.util.function.Consumer<CampaignEvent> sink) {
    return spawnManager(pool, sink, TrialOutcomes.NONE);
  }

  private ActorRef<CampaignManager.Command> spawnManager(
      TestProbe<WorkerPool.Command> pool,
      java.util.function.Consumer<CampaignEvent> sink,
      TrialOutcomes trialOutcomes) {
    CampaignContext context =
        new CampaignContext(
            pool.getRef(),
            sink,
            outcomes::add,
            trialOutcomes,
            view -> Path.of("reports", view.campaignId()),
            Runnable::run,
            new AttemptLimits(2, 2),
            new CampaignMetrics(new SimpleMeterRegistry()),
            Duration.ofMinutes(1));
    return testKit.spawn(CampaignManager.create(context));
  }

  /** A sink that refuses the first {@code times} events that match, then publishes. */
  private java.util.function.Consumer<CampaignEvent> failing(
      int times, Predicate<CampaignEvent> which) {
    int[] left = {times};
    return e -> {
      if (which.test(e) && left[0]-- > 0) {
        throw new IllegalStateException("injected: the events topic refused " + e.eventId());
      }
      published.add(e);
    };
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static CampaignSubmitted submission(String id) {
    return new CampaignSubmitted(id, 0L, CampaignEvents.SPEC);
  }

  private static void tell(ActorRef<CampaignManager.Command> manager, CampaignEvent event) {
    manager.tell(new CampaignManager.EventReceived(event));
  }

  /** The next job queued (the manager also frees workers: those messages are skipped). */
  private RunJob enqueued() {
    return enqueued(pool);
  }

  /** Jobs of one decision round arrive together: the rest wait here, per pool probe. */
  private static final java.util.IdentityHashMap<
          TestProbe<WorkerPool.Command>, java.util.ArrayDeque<RunJob>>
      TOGETHER = new java.util.IdentityHashMap<>();

  private static RunJob enqueued(TestProbe<WorkerPool.Command> pool) {
    java.util.ArrayDeque<RunJob> waiting =
        TOGETHER.computeIfAbsent(pool, p -> new java.util.ArrayDeque<>());
    while (waiting.isEmpty()) {
      WorkerPool.Command msg = pool.receiveMessage(Duration.ofSeconds(5));
      if (msg instanceof WorkerPool.EnqueueAll enqueue) {
        waiting.addAll(enqueue.jobs());
      }
    }
    return waiting.removeFirst();
  }

  private static List<CampaignView> list(ActorRef<CampaignManager.Command> manager) {
    TestProbe<List<CampaignView>> reply = testKit.createTestProbe();
    manager.tell(new CampaignManager.ListCampaigns(reply.getRef()));
    return reply.receiveMessage();
  }

  private static Optional<CampaignView> get(ActorRef<CampaignManager.Command> manager, String id) {
    TestProbe<Optional<CampaignView>> reply = testKit.createTestProbe();
    manager.tell(new CampaignManager.GetCampaign(id, reply.getRef()));
    return reply.receiveMessage();
  }

  private static CampaignView awaitFinished(ActorRef<CampaignManager.Command> manager, String id) {
    List<CampaignView> found = new ArrayList<>();
    testKit
        .createTestProbe()
        .awaitAssert(
            Duration.ofSeconds(10),
            () -> {
              CampaignView view = get(manager, id).orElseThrow();
              assertThat(view.finished()).isTrue();
              found.add(view);
              return null;
            });
    return found.get(0);
  }
}
