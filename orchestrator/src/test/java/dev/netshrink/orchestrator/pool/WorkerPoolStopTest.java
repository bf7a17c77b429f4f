package dev.netshrink.orchestrator.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.protocol.job.Assignment;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.job.JobSpec;
import dev.netshrink.protocol.spec.CampaignSpec;
import dev.netshrink.protocol.spec.SpecValidator;
import dev.netshrink.protocol.worker.Heartbeat;
import dev.netshrink.protocol.worker.WorkerRole;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A stopped trial's job: out of the queue, or its worker told to stop and free at its end. */
class WorkerPoolStopTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final CampaignSpec SPEC = SpecValidator.load("name: p\n", false);

  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final TestProbe<Sent> sent = testKit.createTestProbe();
  private final TestProbe<WorkerPool.JobsLost> owner = testKit.createTestProbe();
  private final ActorRef<WorkerPool.Command> pool =
      testKit.spawn(
          WorkerPool.create(
              (worker, assignment) -> sent.getRef().tell(new Sent(worker, assignment)),
              Duration.ofMillis(400),
              clock::get,
              new PoolMetrics() {
                @Override
                public void liveWorkers(Map<String, Long> byRole) {}

                @Override
                public void jobScheduled(long nanos) {}
              }));

  record Sent(String workerId, Assignment assignment) {}

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aRunningJobsWorkerIsToldToStopAndTakesWorkOnceItEnded() {
    heartbeat("s1");
    pool.tell(new WorkerPool.Enqueue(job("c/a"), owner.getRef()));
    assertThat(sent.expectMessageClass(Sent.class).assignment().jobId()).isEqualTo("c/a#1");
    pool.tell(new WorkerPool.Enqueue(job("c/b"), owner.getRef()));
    sent.expectNoMessage(Duration.ofMillis(100));

    pool.tell(new WorkerPool.Stop("c/a#1", "asha: below the cutoff"));

    Sent stop = sent.expectMessageClass(Sent.class);
    assertThat(stop.workerId()).isEqualTo("s1");
    assertThat(stop.assignment())
        .isEqualTo(new Assignment.StopJob("c/a#1", "asha: below the cutoff"));
    // busy until the worker says the job ended (its TrialFailed, read from the log)
    sent.expectNoMessage(Duration.ofMillis(100));
    pool.tell(new WorkerPool.JobEnded("c/a#1"));
    assertThat(sent.expectMessageClass(Sent.class).assignment().jobId()).isEqualTo("c/b#1");
    owner.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aQueuedJobLeavesTheQueueAndNoWorkerHearsOfIt() {
    pool.tell(new WorkerPool.EnqueueAll(List.of(job("c/a"), job("c/b")), owner.getRef()));

    pool.tell(new WorkerPool.Stop("c/a#1", "cancelled by a user"));
    heartbeat("s1");

    Sent s = sent.expectMessageClass(Sent.class);
    assertThat(s.assignment().jobId()).isEqualTo("c/b#1");
    sent.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aStoppedPackMemberIsStoppedAloneByItsOwnId() {
    heartbeat("s1");
    pool.tell(new WorkerPool.EnqueueAll(List.of(job("c/a"), job("c/b")), owner.getRef()));
    assertThat(sent.expectMessageClass(Sent.class).assignment())
        .isInstanceOf(Assignment.RunPack.class);

    pool.tell(new WorkerPool.Stop("c/b#1", "cancelled by a user"));

    assertThat(sent.expectMessageClass(Sent.class).assignment())
        .isEqualTo(new Assignment.StopJob("c/b#1", "cancelled by a user"));
  }

  private void heartbeat(String id) {
    pool.tell(
        new WorkerPool.HeartbeatReceived(
            new Heartbeat(id, WorkerRole.STUDENT, null, null, clock.get(), false)));
  }

  private static RunJob job(String trialId) {
    return new RunJob(
        RunJob.jobIdOf(trialId, 1),
        "c",
        trialId,
        1,
        new JobSpec.StudentJob(SPEC.dataset(), SPEC.student(), 0.5, 4, 1L, "c/teacher", 10));
  }
}
