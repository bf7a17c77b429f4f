package dev.netshrink.orchestrator.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.orchestrator.metrics.CampaignMetrics;
import dev.netshrink.orchestrator.pool.WorkerPool;
import dev.netshrink.orchestrator.report.FileReportWriter;
import dev.netshrink.protocol.event.CampaignCancelled;
import dev.netshrink.protocol.event.CampaignCompleted;
import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.CampaignSubmitted;
import dev.netshrink.protocol.event.StopCause;
import dev.netshrink.protocol.event.TrialStopped;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignView;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's cancel, as the campaign actor carries it out: recorded, told to the pool, answered. */
class CampaignControlTest {

  private static final ActorTestKit testKit = ActorTestKit.create();

  @TempDir Path reports;

  private final TestProbe<WorkerPool.Command> pool = testKit.createTestProbe();
  private final TestProbe<CampaignView> views = testKit.createTestProbe();
  private final TestProbe<CampaignActor.ControlReply> replies = testKit.createTestProbe();
  private final List<CampaignEvent> emitted = new CopyOnWriteArrayList<>();
  private final Deque<RunJob> enqueued = new ArrayDeque<>();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aCancelledRunningTrialIsRecordedAndItsWorkerToldToStop() {
    ActorRef<CampaignActor.Command> campaign = runningStudents();
    RunJob first = enqueued.removeFirst();
    campaign.tell(new CampaignActor.EventReceived(CampaignEvents.started(first, "w1")));
    campaign.tell(new CampaignActor.EventReceived(CampaignEvents.epoch(first, 1, 0.8)));

    campaign.tell(control(new CampaignActor.Cancel(List.of("kd-a0.5-t4"), "not needed")));

    CampaignActor.Done done = replies.expectMessageClass(CampaignActor.Done.class);
    assertThat(done.trials()).containsExactly("kd-a0.5-t4");
    WorkerPool.Stop stop = pool.expectMessageClass(WorkerPool.Stop.class);
    assertThat(stop.jobId()).isEqualTo(first.jobId());
    TrialStopped recorded =
        emitted.stream()
            .filter(TrialStopped.class::isInstance)
            .map(TrialStopped.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(recorded.cause()).isEqualTo(StopCause.CANCELLED);
    assertThat(recorded.epoch()).isEqualTo(1);
    assertThat(recorded.reason()).isEqualTo("not needed");
  }

  @Test
  void anUnknownOrEndedTrialIsRefusedAndNothingChanges() {
    ActorRef<CampaignActor.Command> campaign = runningStudents();
    RunJob first = enqueued.removeFirst();
    campaign.tell(new CampaignActor.EventReceived(CampaignEvents.completed(first, 0.8)));

    campaign.tell(control(new CampaignActor.Cancel(List.of("kd-a0.9-t4", "kd-a7"), "x")));
    CampaignActor.Refused unknown = replies.expectMessageClass(CampaignActor.Refused.class);
    campaign.tell(control(new CampaignActor.Cancel(List.of("kd-a0.5-t4"), "x")));
    CampaignActor.Refused ended = replies.expectMessageClass(CampaignActor.Refused.class);

    assertThat(unknown.refusal()).isEqualTo(CampaignActor.Refusal.INVALID);
    assertThat(unknown.reason())
        .isEqualTo(
            "campaign c1 has no trial kd-a7; its trials: teacher, kd-a0.5-t4, kd-a0.9-t4,"
                + " ce-baseline, prune-student-l1-unstructured");
    assertThat(ended.refusal()).isEqualTo(CampaignActor.Refusal.CONFLICT);
    assertThat(ended.reason()).isEqualTo("trial kd-a0.5-t4 has ended (succeeded)");
    assertThat(emitted).noneMatch(TrialStopped.class::isInstance);
    pool.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aCancelledCampaignStopsEverythingAndEndsCancelledWithItsReport() throws Exception {
    ActorRef<CampaignActor.Command> campaign = runningStudents();
    RunJob first = enqueued.getFirst();
    campaign.tell(new CampaignActor.EventReceived(CampaignEvents.started(first, "w1")));

    campaign.tell(control(new CampaignActor.Cancel(List.of(), "enough")));

    assertThat(replies.expectMessageClass(CampaignActor.Done.class).trials())
        .containsExactly(
            "kd-a0.5-t4", "kd-a0.9-t4", "ce-baseline", "prune-student-l1-unstructured");
    List<CampaignView> pushed =
        views.fishForMessage(
            Duration.ofSeconds(10),
            v -> v.finished() ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
    CampaignView view = pushed.get(pushed.size() - 1);
    assertThat(view.state()).isEqualTo(CampaignStatus.CANCELLED);
    assertThat(view.reportDir()).isNotNull();
    // the report says where and why each trial ended
    Path dir = Path.of(view.reportDir());
    assertThat(java.nio.file.Files.readString(dir.resolve("results.csv")))
        .contains("cancelled,0,the campaign was cancelled: enough");
    assertThat(java.nio.file.Files.readString(dir.resolve("report.html")))
        .contains("cancelled after epoch 0: the campaign was cancelled: enough");
    assertThat(emitted).filteredOn(CampaignCancelled.class::isInstance).hasSize(1);
    assertThat(emitted).filteredOn(TrialStopped.class::isInstance).hasSize(4);
    assertThat(emitted)
        .filteredOn(CampaignCompleted.class::isInstance)
        .singleElement()
        .satisfies(c -> assertThat(((CampaignCompleted) c).succeeded()).isFalse());
    // the three queued students are stopped in the pool; the sweep was never queued
    assertThat(
            List.of(
                pool.expectMessageClass(WorkerPool.Stop.class).jobId(),
                pool.expectMessageClass(WorkerPool.Stop.class).jobId(),
                pool.expectMessageClass(WorkerPool.Stop.class).jobId()))
        .containsExactly("c1/kd-a0.5-t4#1", "c1/kd-a0.9-t4#1", "c1/ce-baseline#1");

    campaign.tell(control(new CampaignActor.Cancel(List.of(), "again")));
    assertThat(replies.expectMessageClass(CampaignActor.Refused.class).reason())
        .isEqualTo("campaign c1 has ended");
  }

  private CampaignActor.Control control(CampaignActor.ControlRequest request) {
    return new CampaignActor.Control(request, replies.getRef());
  }

  /** A campaign whose teacher ran: its three students are queued (in {@link #enqueued}). */
  private ActorRef<CampaignActor.Command> runningStudents() {
    CampaignContext context =
        new CampaignContext(
            pool.getRef(),
            emitted::add,
            outcome -> {},
            TrialOutcomes.NONE,
            new FileReportWriter(reports),
            Runnable::run,
            new AttemptLimits(2, 2),
            new CampaignMetrics(new SimpleMeterRegistry()),
            Duration.ofMillis(300));
    ActorRef<CampaignActor.Command> campaign =
        testKit.spawn(
            CampaignActor.create(
                new CampaignSubmitted("c1", 0L, CampaignEvents.SPEC), context, views.getRef()));
    campaign.tell(CampaignActor.ReplayFinished.INSTANCE);
    RunJob teacher = pool.expectMessageClass(WorkerPool.EnqueueAll.class).jobs().get(0);
    CampaignEvents.teacherRun(teacher)
        .forEach(e -> campaign.tell(new CampaignActor.EventReceived(e)));
    enqueued.addAll(pool.expectMessageClass(WorkerPool.EnqueueAll.class).jobs());
    emitted.clear();
    return campaign;
  }
}
