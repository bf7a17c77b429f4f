package dev.netshrink.cli;

import static dev.netshrink.cli.ClusterAwaits.awaitFree;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.netshrink.local.EmbeddedSystem;
import dev.netshrink.local.broker.EmbeddedKafkaBroker;
import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.EpochCompleted;
import dev.netshrink.protocol.event.TrialCompleted;
import dev.netshrink.protocol.event.TrialRetried;
import dev.netshrink.protocol.event.TrialStarted;
import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.EpochView;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Faults with real processes and a real broker: kill -9 (or SIGTERM) of the student worker running
 * a trial (the orchestrator notices the silence, or the worker hands the job back; the other
 * student worker resumes the trial from its last checkpoint on Kafka), and a broker restart in the
 * middle of a campaign.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FaultToleranceIntegrationTest {

  private static final String SPEC =
      """
      name: crash
      dataset: {trainLimit: 3000, testLimit: 300}
      teacher: {epochs: 1}
      student: {epochs: 4}
      distillation: {alphas: [], baseline: true}
      pruning: {models: []}
      """;

  @TempDir Path tmp;

  @ParameterizedTest(name = "stopped forcibly: {0}")
  @ValueSource(booleans = {true, false})
  void aStoppedStudentsTrialResumesFromItsCheckpointOnAnotherWorker(boolean forcibly)
      throws Exception {
    try (EmbeddedSystem system = teacherAndTwoStudents()) {
      ApiClient api = new ApiClient(system.apiUrl());
      String id = api.submit(SPEC);

      TrialView running = awaitFirstEpoch(api, id);
      long killedAt = System.currentTimeMillis();
      system.stopWorker(running.workerId(), forcibly);
      CampaignView done = new CampaignFollower(api, System.out).follow(id);

      TrialView student = done.trials().get(1);
      assertThat(done.state()).isEqualTo(CampaignStatus.SUCCEEDED);
      assertThat(student.attempt()).isEqualTo(2);
      assertThat(student.workerId()).isNotEqualTo(running.workerId());
      assertThat(student.epochs()).extracting(EpochView::epoch).containsExactly(1, 2, 3, 4);

      List<CampaignEvent> events = TopicContents.events(system.bootstrapServers());
      TrialStarted retry =
          events.stream()
              .filter(TrialStarted.class::isInstance)
              .map(TrialStarted.class::cast)
              .filter(s -> s.attempt() == 2)
              .findFirst()
              .orElseThrow();
      List<Integer> retriedEpochs =
          events.stream()
              .filter(EpochCompleted.class::isInstance)
              .map(EpochCompleted.class::cast)
              .filter(e -> e.jobId().equals(retry.jobId()))
              .map(EpochCompleted::epoch)
              .toList();
      // lost with its worker (killed, or handed back on SIGTERM), not failed: the retry does not
      // count against the trial's max-attempts
      assertThat(events)
          .filteredOn(TrialRetried.class::isInstance)
          .map(TrialRetried.class::cast)
          .singleElement()
          .satisfies(r -> assertThat(r.lost()).as(r.reason()).isTrue());
      assertThat(events).noneMatch(dev.netshrink.protocol.event.TrialFailed.class::isInstance);
      int lastEpochBeforeKill = running.epochs().get(running.epochs().size() - 1).epoch();
      // resumed after its last checkpoint, not from scratch, and ran each later epoch once
      assertThat(retriedEpochs.get(0)).isBetween(2, lastEpochBeforeKill + 1);
      assertThat(retriedEpochs)
          .isEqualTo(
              java.util.stream.IntStream.rangeClosed(retriedEpochs.get(0), 4).boxed().toList());
      System.out.printf(
          "%s: trial restarted on another worker %d ms after the stop; "
              + "attempt 2 ran epochs %s; final accuracy %.4f%n",
          forcibly ? "kill -9" : "SIGTERM",
          retry.atMillis() - killedAt,
          retriedEpochs,
          student.accuracy());
    }
  }

  @Test
  void aStudentPausedPastTheHeartbeatTimeoutIsToldToStopWhenItComesBackAndTheTrialEndsOnce()
      throws Exception {
    try (EmbeddedSystem system = teacherAndTwoStudents()) {
      ApiClient api = new ApiClient(system.apiUrl());
      String id = api.submit(SPEC);
      TrialView paused = awaitFirstEpoch(api, id);
      long pid = system.workerPid(paused.workerId());

      signal(pid, "STOP"); // a host or GC stall longer than the heartbeat timeout
      long stoppedAt = System.currentTimeMillis();
      long continuedAt;
      try {
        awaitRetriedElsewhere(api, id, paused.workerId());
      } finally {
        signal(pid, "CONT");
        continuedAt = System.currentTimeMillis();
      }
      long retriedAfter = continuedAt - stoppedAt;
      awaitFree(api, paused.workerId());
      System.out.printf(
          "SIGSTOP: trial running again elsewhere %d ms after the stop (heartbeat timeout 3 s);"
              + " after SIGCONT the stale attempt was stopped and the worker free in %d ms%n",
          retriedAfter, System.currentTimeMillis() - continuedAt);
      CampaignView done = new CampaignFollower(api, System.out).follow(id);

      TrialView student = done.trials().get(1);
      assertThat(done.state()).isEqualTo(CampaignStatus.SUCCEEDED);
      assertThat(student.attempt()).isEqualTo(2);
      List<TrialCompleted> results =
          TopicContents.events(system.bootstrapServers()).stream()
              .filter(TrialCompleted.class::isInstance)
              .map(TrialCompleted.class::cast)
              .filter(e -> e.trialId().equals(student.trialId()))
              .toList();
      assertThat(results)
          .as("the resumed stale attempt was stopped before it could report a second result")
          .extracting(TrialCompleted::jobId)
          .containsExactly(student.trialId() + "#2");
      assertThat(student.accuracy()).isEqualTo(results.get(0).accuracy());
      // and the worker that came back is a free worker again
      assertThat(api.workers())
          .filteredOn(w -> w.workerId().equals(paused.workerId()))
          .singleElement()
          .satisfies(w -> assertThat(w.runningJobId()).isNull());
    }
  }

  /**
   * Three students fused as one pack on one worker; that worker is killed mid-run. Its three trials
   * are retried together, train again as one pack on the other worker (its heartbeats name all
   * three), each resuming from its own checkpoint, and each ends with one result.
   */
  @Test
  void aKilledPacksTrialsResumeTogetherAsAPackOnAnotherWorker() throws Exception {
    String spec =
        """
        name: pack-crash
        dataset: {trainLimit: 3000, testLimit: 300}
        teacher: {epochs: 1}
        student: {epochs: 4, fuse: 3}
        distillation: {alphas: [0.5], temperatures: [1, 4], baseline: true}
        pruning: {models: []}
        """;
    try (EmbeddedSystem system = teacherAndTwoStudents()) {
      ApiClient api = new ApiClient(system.apiUrl());
      String id = api.submit(spec);
      TrialView running = awaitFirstEpoch(api, id);
      List<TrialView> packed =
          api.campaign(id).trials().stream()
              .filter(t -> running.workerId().equals(t.workerId()))
              .toList();
      assertThat(packed).as("the three students, on one worker").hasSize(3);

      system.stopWorker(running.workerId(), true);
      List<String> retries = packed.stream().map(t -> t.trialId() + "#2").sorted().toList();
      String packWorker = awaitPackRunning(api, retries);
      CampaignView done = new CampaignFollower(api, System.out).follow(id);

      assertThat(done.state()).isEqualTo(CampaignStatus.SUCCEEDED);
      assertThat(packWorker).isNotEqualTo(running.workerId());
      List<CampaignEvent> events = TopicContents.events(system.bootstrapServers());
      for (TrialView before : packed) {
        TrialView after =
            done.trials().stream()
                .filter(t -> t.trialId().equals(before.trialId()))
                .findFirst()
                .orElseThrow();
        assertThat(after.attempt()).isEqualTo(2);
        assertThat(after.workerId()).isEqualTo(packWorker);
        assertThat(after.epochs()).extracting(EpochView::epoch).containsExactly(1, 2, 3, 4);
        List<Integer> resumed =
            events.stream()
                .filter(EpochCompleted.class::isInstance)
                .map(EpochCompleted.class::cast)
                .filter(e -> e.jobId().equals(before.trialId() + "#2"))
                .map(EpochCompleted::epoch)
                .toList();
        // from its own last checkpoint, not from scratch, each later epoch once
        assertThat(resumed.get(0)).isGreaterThanOrEqualTo(2);
        assertThat(resumed)
            .isEqualTo(java.util.stream.IntStream.rangeClosed(resumed.get(0), 4).boxed().toList());
        assertThat(events)
            .filteredOn(TrialCompleted.class::isInstance)
            .map(TrialCompleted.class::cast)
            .filteredOn(e -> e.trialId().equals(before.trialId()))
            .singleElement()
            .satisfies(e -> assertThat(e.jobId()).endsWith("#2"));
        System.out.printf(
            "killed pack: %s resumed at epoch %d, accuracy %.4f%n",
            after.name(), resumed.get(0), after.accuracy());
      }
    }
  }

  /** The worker whose heartbeats name every one of {@code jobIds} as its running pack. */
  private static String awaitPackRunning(ApiClient api, List<String> jobIds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (System.nanoTime() < deadline) {
      for (var w : api.workers()) {
        if (w.runningJobId() != null
            && java.util.Arrays.stream(w.runningJobId().split(", "))
                .sorted()
                .toList()
                .equals(jobIds)) {
          return w.workerId();
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no worker ran " + jobIds + " as one pack");
  }

  /** A teacher and two student workers, with a heartbeat timeout of 3 s instead of 10. */
  private EmbeddedSystem teacherAndTwoStudents() throws Exception {
    var config =
        ConfigFactory.parseString("netshrink.orchestrator.heartbeat-timeout = 3s")
            .withFallback(ConfigFactory.load());
    return EmbeddedSystem.start(
        config,
        tmp.resolve("kafka"),
        0,
        0,
        tmp.resolve("reports"),
        new EmbeddedSystem.WorkerCounts(1, 2, 0),
        tmp.resolve("logs"));
  }

  private static void awaitRetriedElsewhere(ApiClient api, String id, String pausedWorker)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (System.nanoTime() < deadline) {
      TrialView student = api.campaign(id).trials().get(1);
      if (student.attempt() == 2
          && !pausedWorker.equals(student.workerId())
          && student.state() == TrialStatus.RUNNING) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the paused worker's trial was not retried elsewhere");
  }

  private static void signal(long pid, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).start();
    assertThat(kill.waitFor()).as("kill -%s %d", signal, pid).isZero();
  }

  @Test
  void aBrokerRestartMidCampaignLosesNoEvent() throws Exception {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(tmp.resolve("kafka"));
    try (EmbeddedSystem system =
        EmbeddedSystem.startOn(
            broker.bootstrapServers(),
            ConfigFactory.load(),
            0,
            tmp.resolve("reports"),
            new EmbeddedSystem.WorkerCounts(1, 1, 0),
            tmp.resolve("logs"))) {
      ApiClient api = new ApiClient(system.apiUrl());
      String id = api.submit(SPEC);
      awaitFirstEpoch(api, id);

      // the orchestrator's and the workers' clients must reconnect by themselves
      broker.close();
      Thread.sleep(Duration.ofSeconds(3).toMillis());
      double progressBefore = api.campaign(id).trials().get(1).progress();
      broker = EmbeddedKafkaBroker.start(broker.dataDir(), broker.port(), Map.of());
      long backAt = System.currentTimeMillis();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (api.campaign(id).trials().get(1).progress() == progressBefore) {
        assertThat(System.nanoTime()).as("an event after the restart").isLessThan(deadline);
        Thread.sleep(50);
      }
      System.out.printf(
          "broker restart (down 3 s): the first event after it came back reached the campaign"
              + " in %d ms%n",
          System.currentTimeMillis() - backAt);
      CampaignView done = new CampaignFollower(api, System.out).follow(id);

      TrialView student = done.trials().get(1);
      assertThat(done.state()).isEqualTo(CampaignStatus.SUCCEEDED);
      assertThat(student.attempt()).as("no retry was needed").isEqualTo(1);
      assertThat(student.epochs()).extracting(EpochView::epoch).containsExactly(1, 2, 3, 4);
      List<Integer> reported =
          TopicContents.events(system.bootstrapServers()).stream()
              .filter(EpochCompleted.class::isInstance)
              .map(EpochCompleted.class::cast)
              .filter(e -> e.trialId().equals(student.trialId()))
              .map(EpochCompleted::epoch)
              .toList();
      assertThat(reported).as("every epoch event on the topic, once").containsExactly(1, 2, 3, 4);
      // the same spec and seed as the crash test: its resumed run should land near this
      System.out.printf(
          "uninterrupted run (broker restart only): final accuracy %.4f%n", student.accuracy());
    } finally {
      broker.close();
    }
  }

  private static TrialView awaitFirstEpoch(ApiClient api, String id) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline) {
      var campaign = api.findCampaign(id);
      if (campaign.isPresent()) {
        TrialView student = campaign.get().trials().get(1);
        // and its checkpoint accepted (a retry resumes from the last accepted one), as every
        // trial of its pack has
        if (!student.epochs().isEmpty()
            && student.state() == TrialStatus.RUNNING
            && campaign.get().trials().stream()
                .filter(t -> student.workerId().equals(t.workerId()))
                .allMatch(t -> t.modelBytes() != null)) {
          return student;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the student never finished its first epoch");
  }
}
