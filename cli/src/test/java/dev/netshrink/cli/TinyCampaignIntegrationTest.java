package dev.netshrink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.netshrink.local.EmbeddedSystem;
import dev.netshrink.local.LocalPrometheus;
import dev.netshrink.local.ProcessMemory;
import dev.netshrink.protocol.event.CampaignCompleted;
import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.EpochCompleted;
import dev.netshrink.protocol.event.LogitsPublished;
import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.event.PrunePointMeasured;
import dev.netshrink.protocol.event.TrialEvent;
import dev.netshrink.protocol.event.TrialStarted;
import dev.netshrink.protocol.kafka.DeadLetters;
import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.kafka.RecordPublisher;
import dev.netshrink.protocol.spec.ModelRole;
import dev.netshrink.protocol.spec.PruningMethod;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialView;
import dev.netshrink.protocol.wire.LogitsBlock;
import dev.netshrink.workers.runtime.CheckpointTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path on real parts: an embedded KRaft broker, the orchestrator, and teacher, student
 * and pruner workers in their own JVMs training on real Fashion-MNIST images.
 */
@Timeout(value = 6, unit = java.util.concurrent.TimeUnit.MINUTES)
class TinyCampaignIntegrationTest {

  private static final String SPEC =
      """
      name: tiny
      dataset: {trainLimit: 1500, testLimit: 300}
      teacher: {epochs: 1, batchSize: 64}
      student: {epochs: 2, batchSize: 64}
      distillation: {alphas: [0.9], temperatures: [4], baseline: true}
      pruning: {ratios: {from: 0.0, to: 0.9, step: 0.3}, models: [student, teacher],
                fineTuneEpochs: 1}
      target: {maxParams: 30000}
      """;

  @TempDir static Path tmp;

  private static EmbeddedSystem system;
  private static LocalPrometheus prometheus;
  private static CampaignView done;
  private static final List<CampaignEvent> events = new ArrayList<>();
  private static final Topics topics = Topics.withDefaultPrefix();
  private static KafkaSettings kafka;
  private static PoisonRecords poison;

  @BeforeAll
  static void runTinyCampaign() throws Exception {
    system =
        EmbeddedSystem.start(
            ConfigFactory.load(),
            tmp.resolve("kafka"),
            0,
            0,
            tmp.resolve("reports"),
            new EmbeddedSystem.WorkerCounts(1, 2, 1),
            tmp.resolve("logs"));
    // a real Prometheus, configured from the file users run, scraping while the campaign runs
    prometheus =
        LocalPrometheus.start(
            Path.of("../deploy/local/prometheus.yml"),
            system.apiUrl().replace("http://", ""),
            Promtool.freePort(),
            tmp.resolve("prometheus"),
            Duration.ofSeconds(1));
    kafka = KafkaSettings.of(system.bootstrapServers());
    poison = new PoisonRecords(kafka, topics);
    poison.publishOnTheEventLog();
    ApiClient api = new ApiClient(system.apiUrl());
    String id = api.submit(SPEC);
    done = new CampaignFollower(api, System.out).follow(id);
    TopicContents.read(kafka.bootstrapServers(), topics.events(), (k, e) -> events.add(e));
    poison.publishOnTheLiveTopics();
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (system != null) {
      system.close();
    }
  }

  @Test
  void everyTrialSucceeds() {
    assertThat(done.state()).isEqualTo(CampaignStatus.SUCCEEDED);
    assertThat(done.trials())
        .extracting(TrialView::name, TrialView::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("teacher", TrialStatus.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple("kd-a0.9-t4", TrialStatus.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple("ce-baseline", TrialStatus.SUCCEEDED),
            // the pruning's slices: one per model and method (4 ratios fit one job of 5)
            org.assertj.core.groups.Tuple.tuple(
                "prune-student-l1-unstructured", TrialStatus.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple(
                "prune-student-l2-structured", TrialStatus.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple(
                "prune-teacher-l1-unstructured", TrialStatus.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple(
                "prune-teacher-l2-structured", TrialStatus.SUCCEEDED));
    assertThat(done.trials().subList(0, 3))
        .allSatisfy(
            t -> assertThat(t.accuracy()).as(t.name() + " learned something").isGreaterThan(0.4));
  }

  @Test
  void theWebConsoleShowsEveryTrialItsCurvesAndTheSweepInABrowser() throws Exception {
    try (TinyCampaignConsole console = new TinyCampaignConsole()) {
      console.openFromTheCampaignList(system.apiUrl(), done);
      console.assertEveryTrialWithItsStateAndTheBestHighlighted(done);
      console.assertOneCurvePointPerFinishedEpoch(done);
      console.assertTheSweepIsPlottedAgainstTheRatios(done);
      console.assertItKeepsUpdating();
      System.out.println("console screenshot: " + console.screenshot());
    }
  }

  @Test
  void theTeacherAndAStudentExportAndRunInPyTorch() throws Exception {
    var exports = new TinyCampaignExports(system.apiUrl(), system.bootstrapServers(), done);
    exports.assertTrialsExportAndRunInPyTorch(tmp);
    exports.assertKeptNetworksExportSmaller(tmp);
    exports.assertAModelDownloadsFromTheApiAsItsExportFolder(tmp);
    exports.assertBadRequestsAreRefused(tmp);
  }

  @Test
  void theTargetNamesTheMostAccurateModelWithinItsBudget() throws Exception {
    new TinyCampaignExports(system.apiUrl(), system.bootstrapServers(), done)
        .assertTheTargetsChoice();
  }

  @Test
  void thePrunersPeakMemoryStaysUnderItsBound() {
    long pid = system.workerPid("local-pruner-1");

    // the bound the README states for the demo's sweep; `bench memory` measures that sweep
    long peak = ProcessMemory.peakResidentBytes(pid).orElseThrow();
    assertThat(peak).isLessThan(2L << 30);
  }

  @Test
  void theCampaignListSummarisesItAPageAtATime() throws Exception {
    var listed = new ApiClient(system.apiUrl()).campaigns();

    assertThat(listed)
        .filteredOn(c -> c.campaignId().equals(done.campaignId()))
        .singleElement()
        .satisfies(
            c -> {
              // 3 trainings and 4 pruning slices
              assertThat(c.finishedTrials()).isEqualTo(7);
              assertThat(c.trials()).isEqualTo(7);
              assertThat(c.prunePoints()).isEqualTo(done.pruning().size());
            });
  }

  @Test
  void teacherLogitsArePublishedOnceBeforeAnyStudentStarts() {
    List<LogitsPublished> logits = eventsOf(LogitsPublished.class);
    assertThat(logits)
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.images()).isEqualTo(1500);
              assertThat(l.precision()).isEqualTo("fp16");
              // keyed by their content, and the broker was new: computed, not found
              assertThat(l.logitsKey()).matches("logits-[0-9a-f]{32}");
              assertThat(l.reused()).isFalse();
            });
    int logitsAt = events.indexOf(logits.get(0));
    assertThat(
            eventsOf(TrialStarted.class).stream()
                .filter(s -> !s.trialId().endsWith("/teacher"))
                .map(events::indexOf))
        .as("2 students and 4 pruning slices")
        .hasSize(6)
        .allSatisfy(i -> assertThat(i).isGreaterThan(logitsAt));
    List<LogitsBlock> blocks = new ArrayList<>();
    TopicContents.read(
        kafka.bootstrapServers(),
        topics.logits(),
        (k, b) -> {
          if (k.startsWith(logits.get(0).logitsKey() + "/")) { // later tests add others
            blocks.add(b);
          }
        });
    // 1,500 images travel as two blocks (1,024 + 476) of fp16 logits
    assertThat(blocks)
        .extracting(LogitsBlock::offset, LogitsBlock::count)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0, 1024),
            org.assertj.core.groups.Tuple.tuple(1024, 476));
    assertThat(blocks).allSatisfy(b -> assertThat(b.classes()).isEqualTo(10));
  }

  @Test
  void studentsReportEveryEpochWithAllThreeLossTerms() {
    Map<String, List<EpochCompleted>> byTrial =
        eventsOf(EpochCompleted.class).stream().collect(Collectors.groupingBy(TrialEvent::trialId));
    assertThat(byTrial.get(done.campaignId() + "/kd-a0.9-t4"))
        .extracting(EpochCompleted::epoch)
        .containsExactly(1, 2);
    EpochCompleted kd = byTrial.get(done.campaignId() + "/kd-a0.9-t4").get(0);
    EpochCompleted ce = byTrial.get(done.campaignId() + "/ce-baseline").get(0);

    assertThat(kd.kdLoss()).isPositive();
    assertThat(kd.totalLoss())
        .isCloseTo(
            0.9 * 16 * kd.kdLoss() + 0.1 * kd.ceLoss(),
            org.assertj.core.data.Offset.offset(1e-3 * kd.totalLoss()));
    assertThat(ce.totalLoss()).isCloseTo(ce.ceLoss(), org.assertj.core.data.Offset.offset(1e-5));
  }

  @Test
  void pruningSweepsBothModelsFromTheirCheckpoints() {
    List<PrunePoint> points = PrunePoints.of(eventsOf(PrunePointMeasured.class));
    assertThat(points).hasSize(16);
    Map<String, TrialView> trials =
        done.trials().stream().collect(Collectors.toMap(TrialView::name, Function.identity()));
    TrialView best =
        trials.get("kd-a0.9-t4").accuracy() >= trials.get("ce-baseline").accuracy()
            ? trials.get("kd-a0.9-t4")
            : trials.get("ce-baseline");
    // ratio 0 prunes nothing: the checkpoint loaded from Kafka must score what the trial scored
    assertThat(PrunePoints.find(points, ModelRole.STUDENT, 0.0).accuracy())
        .isEqualTo(best.accuracy());
    assertThat(PrunePoints.find(points, ModelRole.TEACHER, 0.0).accuracy())
        .isEqualTo(trials.get("teacher").accuracy());
    assertThat(PrunePoints.find(points, ModelRole.TEACHER, 0.9).nonZeroWeights())
        .isLessThan(PrunePoints.find(points, ModelRole.TEACHER, 0.3).nonZeroWeights());
    assertThat(PrunePoints.find(points, ModelRole.STUDENT, 0.0).parameters())
        .isEqualTo(best.parameters());
    assertThat(PrunePoints.find(points, ModelRole.STUDENT, 0.6).parameters())
        .isLessThan(PrunePoints.find(points, ModelRole.STUDENT, 0.3).parameters());
    assertThat(points)
        .allSatisfy(
            p -> {
              assertThat(p.latencySeconds()).isPositive();
              // every sweep point is timed alternately with the dense network
              assertThat(p.denseLatencySeconds()).isPositive();
              assertThat(p.macs()).isPositive();
              assertThat(p.fineTunedAccuracy()).isBetween(0.0, 1.0);
            });
    // a network that lost 60% of its channels gets back some of its accuracy in one KD epoch
    assertThat(
            PrunePoints.find(points, ModelRole.STUDENT, PruningMethod.L2_STRUCTURED, 0.6)
                .fineTunedAccuracy())
        .isGreaterThan(
            PrunePoints.find(points, ModelRole.STUDENT, PruningMethod.L2_STRUCTURED, 0.6)
                .accuracy());
  }

  @Test
  void structuredPruningRemovesChannelsAndComputeWhileMaskingKeepsBoth() {
    List<PrunePoint> points = PrunePoints.of(eventsOf(PrunePointMeasured.class));
    for (ModelRole model : ModelRole.values()) {
      PrunePoint dense = PrunePoints.find(points, model, 0.0);
      PrunePoint masked = PrunePoints.find(points, model, 0.6);
      PrunePoint narrow = PrunePoints.find(points, model, PruningMethod.L2_STRUCTURED, 0.6);
      // ratio 0 keeps every channel: the very same network
      assertThat(PrunePoints.find(points, model, PruningMethod.L2_STRUCTURED, 0.0).accuracy())
          .isEqualTo(dense.accuracy());
      assertThat(PrunePoints.find(points, model, PruningMethod.L2_STRUCTURED, 0.0).macs())
          .isEqualTo(dense.macs());
      // a mask leaves the dense computation; removed channels take their work with them
      assertThat(masked.macs()).isEqualTo(dense.macs());
      assertThat(narrow.macs()).isLessThan(dense.macs() / 2);
      assertThat(narrow.parameters()).isLessThan(dense.parameters() / 2);
    }
  }

  @Test
  void theReportFolderHasTablesAndThePlot() throws Exception {
    TinyCampaignReport.assertFolderAndItsRebuild(done, system.apiUrl(), tmp);
    assertThat(eventsOf(CampaignCompleted.class))
        .singleElement()
        .satisfies(c -> assertThat(c.succeeded()).isTrue());
  }

  @Test
  void thePoisonRecordsWentToTheDeadLetterTopicWithTheirOrigin() throws Exception {
    poison.assertDeadLettered(system.apiUrl());
  }

  @Test
  void everyProcessExposesMetricsThatPromtoolAccepts() throws Exception {
    TinyCampaignMetrics.assertEveryExpositionLintsAndHasTheCampaign(
        system.apiUrl(), done.campaignId());
  }

  @Test
  void prometheusFindsEveryWorkerThroughHttpServiceDiscovery() throws Exception {
    TinyCampaignMetrics.assertServiceDiscoveryListsEveryWorker(system.apiUrl());
  }

  @Test
  void everyDashboardQueryReturnsSeriesFromARealPrometheus() throws Exception {
    // the 3 trainings and the 4 pruning slices
    TinyCampaignMetrics.assertEveryDashboardQueryReturnsSeries(
        prometheus.url(), done.campaignId(), 3 + 4);
  }

  @Test
  void prometheusHasEveryEpochAndEveryTrialsStartAndEnd() throws Exception {
    TinyCampaignMetrics.assertEveryEpochAndEveryTrialsTimesAreSeries(prometheus.url(), done);
  }

  @Test
  void aTeacherCheckpointNamedInTheSpecIsLoadedInsteadOfTrained() throws Exception {
    Path file = tmp.resolve("teacher.params");
    try (RecordPublisher publisher = new RecordPublisher(kafka, "checkpoint-export")) {
      var checkpoints =
          new CheckpointTransport(
              kafka, topics, publisher, new DeadLetters(publisher, topics, "test-reader"));
      Files.write(
          file,
          checkpoints
              .readLatest(done.campaignId() + "/teacher", Duration.ofSeconds(30))
              .orElseThrow()
              .parameters());
    }
    ApiClient api = new ApiClient(system.apiUrl());
    String id =
        api.submit(
            """
        name: reuse
        dataset: {trainLimit: 1500, testLimit: 300}
        teacher: {epochs: 0, checkpoint: %s}
        student: {epochs: 1, batchSize: 64}
        distillation: {alphas: [], baseline: true}
        pruning: {ratios: {from: 0.0, to: 0.0, step: 0.1}, models: [teacher]}
        """
                .formatted(file));

    CampaignView reuse = new CampaignFollower(api, System.out).follow(id);

    assertThat(reuse.state()).isEqualTo(CampaignStatus.SUCCEEDED);
    TrialView teacher = reuse.trials().get(0);
    assertThat(teacher.epochs()).as("loaded, not trained").isEmpty();
    assertThat(teacher.accuracy()).isEqualTo(done.trials().get(0).accuracy());
    // the same weights and data: the first campaign's logits are found, not computed again
    List<LogitsPublished> logits = new ArrayList<>();
    TopicContents.read(
        kafka.bootstrapServers(),
        topics.events(),
        (k, e) -> {
          if (e instanceof LogitsPublished l && l.campaignId().equals(id)) {
            logits.add(l);
          }
        });
    assertThat(logits)
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.reused()).isTrue();
              assertThat(l.logitsKey())
                  .isEqualTo(eventsOf(LogitsPublished.class).get(0).logitsKey());
            });
  }

  @Test
  void aTeacherTrainedElsewhereIsImportedFromTorchScriptForItsLogits() throws Exception {
    // copied where specs may read files (netshrink.spec.file-roots): the tests' temp folder
    Path traced =
        Files.copy(
            Path.of("../workers/src/test/resources/torchscript/fashion_teacher.pt"),
            tmp.resolve("fashion_teacher.pt"));
    ApiClient api = new ApiClient(system.apiUrl());
    String id =
        api.submit(
            """
        name: imported
        dataset: {trainLimit: 1500, testLimit: 300}
        teacher: {arch: torchscript, epochs: 0, checkpoint: %s}
        student: {epochs: 1, batchSize: 64}
        distillation: {alphas: [0.5], temperatures: [2], baseline: false}
        pruning: {models: []}
        """
                .formatted(traced.toAbsolutePath()));

    CampaignView imported = new CampaignFollower(api, System.out).follow(id);

    assertThat(imported.state()).isEqualTo(CampaignStatus.SUCCEEDED);
    // the traced teacher (9,146 parameters) scored 0.82 on 1,000 test images in PyTorch
    assertThat(imported.trials().get(0).parameters()).isEqualTo(9_146);
    assertThat(imported.trials().get(0).accuracy()).isGreaterThan(0.75);
    assertThat(imported.trials().get(1).accuracy()).isGreaterThan(0.4);
  }

  @Test
  void aDivergingTrialFailsWithItsReasonAfterItsRetriesAndTheWorkersSurvive() throws Exception {
    ApiClient api = new ApiClient(system.apiUrl());
    String id =
        api.submit(
            """
        name: diverge
        dataset: {trainLimit: 1500, testLimit: 300}
        teacher: {epochs: 1}
        student: {epochs: 1, learningRate: 1.0e12}
        distillation: {alphas: [], baseline: true}
        pruning: {models: []}
        """);

    CampaignView failed = new CampaignFollower(api, System.out).follow(id);

    assertThat(failed.state()).isEqualTo(CampaignStatus.FAILED);
    TrialView student = failed.trials().get(1);
    assertThat(student.state()).isEqualTo(TrialStatus.FAILED);
    assertThat(student.attempt()).isEqualTo(3);
    assertThat(student.error()).startsWith("ArithmeticException: loss became");
    assertThat(api.workers()).extracting(w -> w.role()).filteredOn("student"::equals).hasSize(2);
  }

  private static <T> List<T> eventsOf(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
