package dev.netshrink.orchestrator.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.protocol.job.Assignment;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.job.JobSpec;
import dev.netshrink.protocol.spec.CampaignSpec;
import dev.netshrink.protocol.spec.SpecValidator;
import dev.netshrink.protocol.view.WorkerView;
import dev.netshrink.protocol.worker.Heartbeat;
import dev.netshrink.protocol.worker.WorkerRole;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final CampaignSpec SPEC = SpecValidator.load("name: p\n", false);
  private static final Duration TIMEOUT = Duration.ofMillis(400);

  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final java.util.concurrent.atomic.AtomicReference<java.util.Map<String, Long>>
      membership = new java.util.concurrent.atomic.AtomicReference<>();
  private final java.util.List<Long> schedulingNanos =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final TestProbe<Sent> sent = testKit.createTestProbe();
  private final TestProbe<WorkerPool.JobsLost> owner = testKit.createTestProbe();
  private final ActorRef<WorkerPool.Command> pool =
      testKit.spawn(
          WorkerPool.create(
              (worker, assignment) -> sent.getRef().tell(new Sent(worker, assignment)),
              TIMEOUT,
              clock::get,
              new PoolMetrics() {
                @Override
                public void liveWorkers(java.util.Map<String, Long> byRole) {
                  membership.set(byRole);
                }

                @Override
                public void jobScheduled(long nanos) {
                  schedulingNanos.add(nanos);
                }
              }));

  record Sent(String workerId, Assignment assignment) {}

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aJobGoesToAFreeWorkerOfItsRole() {
    heartbeat("t1", WorkerRole.TEACHER);
    heartbeat("s1", WorkerRole.STUDENT);

    pool.tell(new WorkerPool.Enqueue(studentJob("c/a", 1), owner.getRef()));

    Sent s = sent.expectMessageClass(Sent.class);
    assertThat(s.workerId()).isEqualTo("s1");
    assertThat(s.assignment().jobId()).isEqualTo("c/a#1");
    assertThat(membership.get()).containsEntry("teacher", 1L).containsEntry("student", 1L);
  }

  @Test
  void compatibleStudentsQueuedTogetherArePackedEvenlyOverTheLiveWorkers() {
    heartbeat("s1", WorkerRole.STUDENT);
    heartbeat("s2", WorkerRole.STUDENT);
    List<RunJob> five =
        List.of("c/a", "c/b", "c/c", "c/d", "c/e").stream().map(t -> studentJob(t, 1)).toList();

    pool.tell(new WorkerPool.EnqueueAll(five, owner.getRef()));

    Assignment.RunPack first =
        (Assignment.RunPack) sent.expectMessageClass(Sent.class).assignment();
    Assignment.RunPack second =
        (Assignment.RunPack) sent.expectMessageClass(Sent.class).assignment();
    assertThat(first.memberJobIds()).containsExactly("c/a#1", "c/b#1", "c/c#1");
    assertThat(second.memberJobIds()).containsExactly("c/d#1", "c/e#1");

    // a worker whose heartbeats name its pack keeps it; it is free once every member ended
    clock.addAndGet(TIMEOUT.toMillis() + 1);
    for (int i = 0; i < HeartbeatReconciler.MISMATCH_LIMIT; i++) {
      packHeartbeat("s1", first.memberJobIds());
      packHeartbeat("s2", second.memberJobIds());
    }
    owner.expectNoMessage(Duration.ofMillis(200));
    pool.tell(new WorkerPool.Enqueue(studentJob("c/f", 1), owner.getRef()));
    pool.tell(new WorkerPool.JobEnded("c/a#1"));
    pool.tell(new WorkerPool.JobEnded("c/b#1"));
    sent.expectNoMessage(Duration.ofMillis(200));
    pool.tell(new WorkerPool.JobEnded("c/c#1"));
    Sent next = sent.expectMessageClass(Sent.class);
    assertThat(next.workerId()).isEqualTo("s1");
    assertThat(next.assignment().jobId()).isEqualTo("c/f#1");
  }

  @Test
  void aLostPackWorkerLosesEveryMemberInOneMessage() {
    heartbeat("s1", WorkerRole.STUDENT);
    pool.tell(
        new WorkerPool.EnqueueAll(
            List.of(studentJob("c/a", 1), studentJob("c/b", 1)), owner.getRef()));
    assertThat(sent.expectMessageClass(Sent.class).assignment())
        .isInstanceOf(Assignment.RunPack.class);

    pool.tell(
        new WorkerPool.HeartbeatReceived(
            new Heartbeat("s1", WorkerRole.STUDENT, null, null, clock.get(), true)));

    // one message, so that the owner queues the retries together and they can pack again
    assertThat(owner.receiveMessage().jobIds()).containsExactly("c/a#1", "c/b#1");
  }

  @Test
  void schedulingLatencyLeavesOutTheWaitForABusyWorker() throws InterruptedException {
    heartbeat("s1", WorkerRole.STUDENT);
    pool.tell(new WorkerPool.Enqueue(studentJob("c/a", 1), owner.getRef()));
    pool.tell(new WorkerPool.Enqueue(studentJob("c/b", 1), owner.getRef()));
    sent.expectMessageClass(Sent.class);
    sent.expectNoMessage(Duration.ofMillis(300));

    pool.tell(new WorkerPool.JobEnded("c/a#1"));
    sent.expectMessageClass(Sent.class);

    // c/b waited 300 ms in the queue, but for a worker, not for the orchestrator
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (schedulingNanos.size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(schedulingNanos)
        .hasSize(2)
        .allSatisfy(nanos -> assertThat(nanos).isBetween(0L, 250_000_000L));
  }

  @Test
  void aSecondJobWaitsUntilTheWorkerIsFreeAgain() {
    heartbeat("s1", WorkerRole.STUDENT);
    pool.tell(new WorkerPool.Enqueue(studentJob("c/a", 1), owner.getRef()));
    pool.tell(new WorkerPool.Enqueue(studentJob("c/b", 1), owner.getRef()));
    assertThat(sent.expectMessageClass(Sent.class).assignment().jobId()).isEqualTo("c/a#1");
    sent.expectNoMessage(Duration.ofMillis(200));

    pool.tell(new WorkerPool.JobEnded("c/a#1"));

    assertThat(sent.expectMessageClass(Sent.class).assignment().jobId()).isEqualTo("c/b#1");
  }

  @Test
  void aJobQueuedBeforeAnyWorkerRunsWhenOneJoins() {
    pool.tell(new WorkerPool.Enqueue(studentJob("c/a", 1), owner.getRef()));
    sent.expectNoMessage(Duration.ofMillis(200));

    heartbeat("late", WorkerRole.STUDENT);

    assertThat(sent.expectMessageClass(Sent.class).workerId()).isEqualTo("late");
  }

  @Test
  void aSilentWorkerIsDroppedAndItsJobReportedLost() {
    heartbeat("s1", WorkerRole.STUDENT);
    pool.tell(new WorkerPool.Enqueue(studentJob("c/a", 1), owner.getRef()));
    sent.expectMessageClass(Sent.class);

    clock.addAndGet(TIMEOUT.toMillis() + 1);

    WorkerPool.JobsLost lost = owner.expectMessageClass(WorkerPool.JobsLost.class);
    assertThat(lost.jobIds()).containsExactly("c/a#1");
    assertThat(lost.reason()).contains("s1 stopped sending heartbeats");
    assertThat(workers()).isEmpty();
  }

  @Test
  void aLeavingWorkerHandsItsJobBack() {
    heartbeat("s1", WorkerRole.STUDENT);
    pool.tell(new WorkerPool.Enqueue(studentJob("c/a", 1), owner.getRef()));
    sent.expectMessageClass(Sent.class);

    pool.tell(
        new WorkerPool.HeartbeatReceived(
            new Heartbeat("s1", WorkerRole.STUDENT, "c/a#1", null, clock.get(), true)));

    assertThat(owner.expectMessageClass(WorkerPool.JobsLost.class).reason()).contains("left");
  }

  @Test
  void staleHeartbeatsFromAReplayedLogDoNotResurrectWorkers() {
    pool.tell(
        new WorkerPool.HeartbeatReceived(
            new Heartbeat(
                "ghost",
                WorkerRole.STUDENT,
                null,
                null,
                clock.get() - 10 * TIMEOUT.toMillis(),
                false)));

    assertThat(workers()).isEmpty();
  }

  @Test
  void aRestartedPoolReattachesAJobToTheWorkerThatReportsIt() {
    pool.tell(new WorkerPool.Watch("c/a#1", owner.getRef()));
    pool.tell(
        new WorkerPool.HeartbeatReceived(
            new Heartbeat("s1", WorkerRole.STUDENT, "c/a#1", null, clock.get(), false)));
    pool.tell(new WorkerPool.Enqueue(studentJob("c/b", 1), owner.getRef()));
    sent.expectNoMessage(Duration.ofMillis(200));

    pool.tell(new WorkerPool.JobEnded("c/a#1"));

    assertThat(sent.expectMessageClass(Sent.class).assignment().jobId()).isEqualTo("c/b#1");
    owner.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aWatchedJobNoWorkerReportsIsLost() {
    heartbeat("s1", WorkerRole.STUDENT);
    pool.tell(new WorkerPool.Watch("c/a#1", owner.getRef()));
    assertThat(workers()).hasSize(1); // the pool has taken the watch before time moves on

    clock.addAndGet(TIMEOUT.toMillis() + 1);
    heartbeat("s1", WorkerRole.STUDENT);

    WorkerPool.JobsLost lost = owner.expectMessageClass(WorkerPool.JobsLost.class);
    assertThat(lost.reason()).isEqualTo("no live worker is running c/a#1");
  }

  @Test
  void aPoolThatThrowsRestartsWithItsRunningAndQueuedJobs() {
    AtomicBoolean failNext = new AtomicBoolean();
    ActorRef<WorkerPool.Command> failing =
        testKit.spawn(
            WorkerPool.create(
                (worker, assignment) -> sent.getRef().tell(new Sent(worker, assignment)),
                TIMEOUT,
                clock::get,
                new PoolMetrics() {
                  @Override
                  public void liveWorkers(java.util.Map<String, Long> byRole) {
                    if (failNext.getAndSet(false)) {
                      throw new IllegalStateException("injected: the metrics registry broke");
                    }
                  }

                  @Override
                  public void jobScheduled(long nanos) {}
                }));
    failing.tell(
        new WorkerPool.HeartbeatReceived(
            new Heartbeat("s1", WorkerRole.STUDENT, null, null, clock.get(), false)));
    failing.tell(new WorkerPool.Enqueue(studentJob("c/a", 1), owner.getRef()));
    failing.tell(new WorkerPool.Enqueue(studentJob("c/b", 1), owner.getRef()));
    assertThat(sent.expectMessageClass(Sent.class).assignment().jobId()).isEqualTo("c/a#1");

    failNext.set(true);
    failing.tell(
        new WorkerPool.HeartbeatReceived(
            new Heartbeat("s1", WorkerRole.STUDENT, "c/a#1", null, clock.get(), false)));
    // the restarted pool knows no worker until it hears from s1 again: s1 is busy with c/a
    failing.tell(
        new WorkerPool.HeartbeatReceived(
            new Heartbeat("s1", WorkerRole.STUDENT, "c/a#1", null, clock.get(), false)));
    sent.expectNoMessage(Duration.ofMillis(200));

    failing.tell(new WorkerPool.JobEnded("c/a#1"));

    assertThat(sent.expectMessageClass(Sent.class).assignment().jobId()).isEqualTo("c/b#1");
    owner.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aJobQueuedAgainKeepsOnePlaceAndTakesTheNewOwner() {
    TestProbe<WorkerPool.JobsLost> rebuilt = testKit.createTestProbe();
    pool.tell(new WorkerPool.Enqueue(studentJob("c/a", 1), owner.getRef()));
    pool.tell(new WorkerPool.Enqueue(studentJob("c/a", 1), rebuilt.getRef()));
    heartbeat("s1", WorkerRole.STUDENT);
    heartbeat("s2", WorkerRole.STUDENT);
    assertThat(sent.expectMessageClass(Sent.class).assignment().jobId()).isEqualTo("c/a#1");
    sent.expectNoMessage(Duration.ofMillis(200));

    pool.tell(
        new WorkerPool.HeartbeatReceived(
            new Heartbeat("s1", WorkerRole.STUDENT, "c/a#1", null, clock.get(), true)));

    rebuilt.expectMessageClass(WorkerPool.JobsLost.class);
    owner.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aWatchOfAJobTheWorkerAlreadyReportsClaimsItAtOnce() {
    TestProbe<WorkerPool.JobsLost> rebuilt = testKit.createTestProbe();
    pool.tell(
        new WorkerPool.HeartbeatReceived(
            new Heartbeat("s1", WorkerRole.STUDENT, "c/a#1", null, clock.get(), false)));
    pool.tell(new WorkerPool.Watch("c/a#1", rebuilt.getRef()));
    pool.tell(new WorkerPool.Enqueue(studentJob("c/b", 1), owner.getRef()));

    sent.expectNoMessage(Duration.ofMillis(200));
    pool.tell(
        new WorkerPool.HeartbeatReceived(
            new Heartbeat("s1", WorkerRole.STUDENT, "c/a#1", null, clock.get(), true)));
    assertThat(rebuilt.expectMessageClass(WorkerPool.JobsLost.class).jobIds())
        .containsExactly("c/a#1");
  }

  private List<WorkerView> workers() {
    TestProbe<List<WorkerView>> probe = testKit.createTestProbe();
    pool.tell(new WorkerPool.ListWorkers(probe.getRef()));
    return probe.receiveMessage();
  }

  private void heartbeat(String id, WorkerRole role) {
    heartbeat(id, role, null);
  }

  private void packHeartbeat(String id, List<String> members) {
    pool.tell(
        new WorkerPool.HeartbeatReceived(
            new Heartbeat(
                id, WorkerRole.STUDENT, members.get(0), null, clock.get(), false, members)));
  }

  private void heartbeat(String id, WorkerRole role, String runningJobId) {
    pool.tell(
        new WorkerPool.HeartbeatReceived(
            new Heartbeat(id, role, runningJobId, null, clock.get(), false)));
  }

  @Test
  void aWorkerThatRestartedUnderTheSameIdLosesTheJobItNoLongerRuns() {
    heartbeat("s1", WorkerRole.STUDENT);
    pool.tell(new WorkerPool.Enqueue(studentJob("c/a", 1), owner.getRef()));
    sent.expectMessageClass(Sent.class);

    // kill -9 and a new process with the same --id: it heartbeats on time, idle
    heartbeat("s1", WorkerRole.STUDENT);
    heartbeat("s1", WorkerRole.STUDENT);
    owner.expectNoMessage(Duration.ofMillis(200)); // a heartbeat may predate the assignment
    clock.addAndGet(TIMEOUT.toMillis() + 1);
    heartbeat("s1", WorkerRole.STUDENT);

    WorkerPool.JobsLost lost = owner.expectMessageClass(WorkerPool.JobsLost.class);
    assertThat(lost.jobIds()).containsExactly("c/a#1");
    assertThat(lost.reason()).isEqualTo("worker s1 reports no job, not c/a#1");
    assertThat(workers()).singleElement().satisfies(w -> assertThat(w.runningJobId()).isNull());
  }

  @Test
  void aPausedWorkerThatComesBackIsToldToStopItsLostAttemptAndGetsNoWorkUntilItHas() {
    heartbeat("s1", WorkerRole.STUDENT);
    pool.tell(new WorkerPool.Enqueue(studentJob("c/a", 1), owner.getRef()));
    sent.expectMessageClass(Sent.class);
    clock.addAndGet(TIMEOUT.toMillis() + 1); // SIGSTOP past the heartbeat timeout
    assertThat(owner.expectMessageClass(WorkerPool.JobsLost.class).jobIds())
        .containsExactly("c/a#1");
    pool.tell(new WorkerPool.Enqueue(studentJob("c/a", 2), owner.getRef())); // the retry

    heartbeat("s1", WorkerRole.STUDENT, "c/a#1"); // SIGCONT: it still trains attempt 1

    Sent stop = sent.expectMessageClass(Sent.class);
    assertThat(stop.workerId()).isEqualTo("s1");
    assertThat(stop.assignment()).isInstanceOf(Assignment.StopJob.class);
    assertThat(stop.assignment().jobId()).isEqualTo("c/a#1");
    heartbeat("s1", WorkerRole.STUDENT, "c/a#1");
    sent.expectNoMessage(Duration.ofMillis(200)); // told once, and not given the retry meanwhile

    heartbeat("s1", WorkerRole.STUDENT);

    assertThat(sent.expectMessageClass(Sent.class).assignment().jobId()).isEqualTo("c/a#2");
  }

  @Test
  void aJobNoCampaignClaimsWithinTheTimeoutAfterTheReplayIsToldToStop() {
    // heartbeats arrive while the log is replayed: however long that takes, nothing is a stray yet
    heartbeat("s1", WorkerRole.STUDENT, "c/old#1");
    clock.addAndGet(3 * TIMEOUT.toMillis());
    heartbeat("s1", WorkerRole.STUDENT, "c/old#1");
    sent.expectNoMessage(Duration.ofMillis(200));

    // the replayed log claims live jobs at once; this one it did not
    pool.tell(WorkerPool.LogReplayed.INSTANCE);
    heartbeat("s1", WorkerRole.STUDENT, "c/old#1");
    sent.expectNoMessage(Duration.ofMillis(200));
    clock.addAndGet(TIMEOUT.toMillis() + 1);
    heartbeat("s1", WorkerRole.STUDENT, "c/old#1");

    Sent stop = sent.expectMessageClass(Sent.class);
    assertThat(stop.assignment())
        .isEqualTo(
            new Assignment.StopJob(
                "c/old#1", "not assigned to s1: the trial runs in another attempt"));
  }

  @Test
  void aHeartbeatSentBeforeAJobEndedDoesNotMakeItsWorkerLookBusy() {
    heartbeat("s1", WorkerRole.STUDENT);
    pool.tell(new WorkerPool.Enqueue(studentJob("c/a", 1), owner.getRef()));
    sent.expectMessageClass(Sent.class);
    pool.tell(new WorkerPool.JobEnded("c/a#1"));

    // sent just before the worker finished c/a#1, read just after its end
    heartbeat("s1", WorkerRole.STUDENT, "c/a#1");
    pool.tell(new WorkerPool.Enqueue(studentJob("c/b", 1), owner.getRef()));

    // a worker that runs a job nobody gave it gets no work: this one is simply free
    assertThat(sent.expectMessageClass(Sent.class).assignment().jobId()).isEqualTo("c/b#1");
  }

  private static RunJob studentJob(String trialId, int attempt) {
    return new RunJob(
        RunJob.jobIdOf(trialId, attempt),
        "c",
        trialId,
        attempt,
        new JobSpec.StudentJob(SPEC.dataset(), SPEC.student(), 0.5, 4, 1L, "c/teacher", 10));
  }
}
