package dev.netshrink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.netshrink.local.EmbeddedSystem;
import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.StopCause;
import dev.netshrink.protocol.event.TrialPromoted;
import dev.netshrink.protocol.event.TrialStopped;
import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialView;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A random search stopped by ASHA, on a real broker with real workers and real training: a user
 * cancels one running trial through the CLI (its worker is free again within 2 s) and has it run
 * again, orders that cannot be carried out are refused, the rule judges every trial once at each
 * rung it reaches, and the campaign ends with each trial's end and why.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class SearchCampaignIntegrationTest {

  private static final String SPEC =
      """
      name: search
      dataset: {trainLimit: 2400, testLimit: 300}
      teacher: {epochs: 1}
      student: {epochs: 3}
      distillation: {baseline: false}
      pruning: {models: []}
      search:
        strategy: random
        trials: 6
        space:
          alpha: {uniform: [0.3, 0.9]}
          temperature: {choice: [2, 4]}
          learningRate: {logUniform: [0.0002, 0.01]}
          widthMultiplier: {choice: [0.5, 0.75, 1.0]}
        stopping: {rule: asha, eta: 2, minEpochs: 1}
      """;

  private static final Pattern FIGURES =
      Pattern.compile("accuracy ([0-9.]+) at epoch (\\d+), cutoff ([0-9.]+)");

  @TempDir Path tmp;

  @Test
  void aSearchStopsWeakTrialsAndAUsersCancelFreesItsWorkerAtOnce() throws Exception {
    try (EmbeddedSystem system =
        EmbeddedSystem.start(
            ConfigFactory.load(),
            tmp.resolve("kafka"),
            0,
            0,
            tmp.resolve("reports"),
            new EmbeddedSystem.WorkerCounts(1, 2, 0),
            tmp.resolve("logs"))) {
      ApiClient api = new ApiClient(system.apiUrl());
      String id = api.submit(SPEC);

      // a trial early in its first epoch, before the rule can judge it
      TrialView victim = awaitStartedTrial(api, id);
      long cancelledAt = System.nanoTime();
      CliRun cancel = cli("cancel", id, victim.name(), "--api", system.apiUrl());
      String job = victim.trialId() + "#" + victim.attempt();
      while (api.workers().stream()
          .anyMatch(w -> w.workerId().equals(victim.workerId()) && job.equals(w.runningJobId()))) {
        Thread.sleep(20);
      }
      long freeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cancelledAt);
      System.out.printf(
          "cancel of %s: its worker %s was free again %d ms after the command%n",
          victim.name(), victim.workerId(), freeMillis);
      assertThat(cancel.exit()).isZero();
      assertThat(cancel.out()).contains("stopping " + victim.name());
      assertThat(freeMillis).as("worker free after a cancel, ms").isLessThan(2_000);

      // orders that cannot be carried out name why and change nothing
      CliRun unknownTrial = cli("cancel", id, "rand-99", "--api", system.apiUrl());
      assertThat(unknownTrial.exit()).isEqualTo(2);
      assertThat(unknownTrial.err())
          .contains("has no trial rand-99")
          .contains("nothing was changed");
      CliRun unknownCampaign = cli("cancel", "nope-000000", "--api", system.apiUrl());
      assertThat(unknownCampaign.exit()).isEqualTo(4);
      CliRun badLimit = cli("limit", id, "--max-concurrent", "-1", "--api", system.apiUrl());
      assertThat(badLimit.exit()).isEqualTo(2);
      assertThat(badLimit.err()).contains("--max-concurrent: -1 is below 0");
      CliRun limit = cli("limit", id, "--max-concurrent", "2", "--api", system.apiUrl());
      assertThat(limit.exit()).isZero();

      CliRun add = cli("add", id, "{trials: 1}", "--api", system.apiUrl());
      assertThat(add.exit()).as(add.err()).isZero();
      assertThat(add.out()).contains("added rand-07");
      CliRun badAdd = cli("add", id, "{alphas: [0.5]}", "--api", system.apiUrl());
      assertThat(badAdd.exit()).isEqualTo(2);
      assertThat(badAdd.err()).contains("a random search adds drawn points: give trials");

      // the cancelled trial runs again: a new attempt, judged like any other
      CliRun retry = cli("retry", id, victim.name(), "--api", system.apiUrl());
      assertThat(retry.exit()).as(retry.err()).isZero();
      assertThat(retry.out()).contains("running again " + victim.name());

      CampaignView done = new CampaignFollower(api, System.out).follow(id);

      assertThat(done.state()).isEqualTo(CampaignStatus.SUCCEEDED);
      List<TrialView> students = done.trials().stream().filter(t -> t.settings() != null).toList();
      assertThat(students).hasSize(7);
      TrialView retried =
          students.stream().filter(t -> t.name().equals(victim.name())).findFirst().orElseThrow();
      assertThat(retried.attempt()).isEqualTo(2);
      assertThat(students)
          .allMatch(t -> t.state() == TrialStatus.SUCCEEDED || t.state() == TrialStatus.STOPPED);

      // every other trial was judged once at each rung it reached, and judged right
      List<CampaignEvent> events = TopicContents.events(system.bootstrapServers());
      assertThat(events)
          .anyMatch(
              e ->
                  e instanceof TrialStopped s
                      && s.trialId().equals(victim.trialId())
                      && s.cause() == StopCause.CANCELLED
                      && s.epoch() == 0);
      for (TrialView t : students) {
        List<Integer> judged =
            events.stream()
                .filter(
                    e ->
                        (e instanceof TrialPromoted p && p.trialId().equals(t.trialId()))
                            || (e instanceof TrialStopped s
                                && s.trialId().equals(t.trialId())
                                && s.cause() == StopCause.EARLY_STOPPED))
                .map(e -> e instanceof TrialPromoted p ? p.epoch() : ((TrialStopped) e).epoch())
                .toList();
        int reached = Math.min(t.epochs().size(), 2);
        assertThat(judged)
            .as("rungs judged for %s", t.name())
            .containsExactly(
                java.util.stream.IntStream.rangeClosed(1, reached).boxed().toArray(Integer[]::new));
      }
      events.stream()
          .filter(e -> e instanceof TrialStopped s && s.cause() == StopCause.EARLY_STOPPED)
          .map(e -> ((TrialStopped) e).reason())
          .forEach(reason -> assertThat(figures(reason)[0]).isLessThan(figures(reason)[1]));
      events.stream()
          .filter(e -> e instanceof TrialPromoted p && p.reason().contains("cutoff"))
          .map(e -> ((TrialPromoted) e).reason())
          .forEach(
              reason -> assertThat(figures(reason)[0]).isGreaterThanOrEqualTo(figures(reason)[1]));

      // an ended campaign takes no more orders
      CliRun late = cli("add", id, "{trials: 1}", "--api", system.apiUrl());
      assertThat(late.exit()).isEqualTo(2);
      assertThat(late.err()).contains("campaign " + id + " has ended");

      CliRun status = cli("status", id, "--api", system.apiUrl());
      assertThat(status.out()).contains("Search points (best first)");
      long early =
          students.stream()
              .filter(t -> t.stop() != null && t.stop().cause() == StopCause.EARLY_STOPPED)
              .count();
      System.out.printf("search: %d of 7 trials stopped early%n%s", early, status.out());
    }
  }

  @Test
  void aTpeSearchProposesItsPointsAfterItsRandomStartAndTheMedianRuleJudgesThem() throws Exception {
    try (EmbeddedSystem system =
        EmbeddedSystem.start(
            ConfigFactory.load(),
            tmp.resolve("kafka"),
            0,
            0,
            tmp.resolve("reports"),
            new EmbeddedSystem.WorkerCounts(1, 2, 0),
            tmp.resolve("logs"))) {
      ApiClient api = new ApiClient(system.apiUrl());
      String id =
          api.submit(
              """
              name: tpe
              dataset: {trainLimit: 1200, testLimit: 300}
              teacher: {epochs: 1}
              student: {epochs: 2}
              distillation: {baseline: false}
              pruning: {models: []}
              search:
                strategy: tpe
                trials: 5
                startup: 2
                parallel: 2
                space:
                  alpha: {uniform: [0.3, 0.9]}
                  learningRate: {logUniform: [0.0005, 0.01]}
                stopping: {rule: median, minTrials: 1}
              """);

      CampaignView done = new CampaignFollower(api, System.out).follow(id);

      assertThat(done.state()).isEqualTo(CampaignStatus.SUCCEEDED);
      assertThat(done.trials().stream().filter(t -> t.settings() != null))
          .extracting(TrialView::name)
          .containsExactly("rand-01", "rand-02", "tpe-03", "tpe-04", "tpe-05");
      List<CampaignEvent> events = TopicContents.events(system.bootstrapServers());
      // the proposals are on the log, where a restarted orchestrator finds them
      assertThat(events)
          .filteredOn(dev.netshrink.protocol.event.TrialsAdded.class::isInstance)
          .isNotEmpty();
      events.stream()
          .filter(e -> e instanceof TrialStopped s && s.cause() == StopCause.EARLY_STOPPED)
          .map(e -> ((TrialStopped) e).reason())
          .forEach(
              reason -> {
                Matcher m = MEDIAN.matcher(reason);
                assertThat(m.find()).as(reason).isTrue();
                assertThat(Double.parseDouble(m.group(1)))
                    .isLessThan(Double.parseDouble(m.group(2)));
              });
      System.out.printf(
          "tpe: %s%n",
          done.trials().stream()
              .filter(t -> t.settings() != null)
              .map(
                  t ->
                      String.format(
                          java.util.Locale.ROOT,
                          "%s a=%.3f lr=%.4f %s %.4f",
                          t.name(),
                          t.alpha(),
                          t.settings().learningRate(),
                          t.state(),
                          t.accuracy()))
              .toList());
    }
  }

  private static final Pattern MEDIAN =
      Pattern.compile(
          "best accuracy ([0-9.]+) by epoch \\d+, median of \\d+ trials' mean accuracy ([0-9.]+)");

  /** Accuracy and cutoff, as a rule's reason gives them. */
  private static double[] figures(String reason) {
    Matcher m = FIGURES.matcher(reason);
    assertThat(m.find()).as(reason).isTrue();
    return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(3))};
  }

  private static TrialView awaitStartedTrial(ApiClient api, String id) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      var campaign = api.findCampaign(id);
      if (campaign.isPresent()) {
        for (TrialView t : campaign.get().trials()) {
          if (t.settings() != null
              && t.state() == TrialStatus.RUNNING
              && t.workerId() != null
              && t.epochs().isEmpty()
              && t.progress() < 0.15) {
            return t;
          }
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no student trial started");
  }

  record CliRun(int exit, String out, String err) {}

  private static CliRun cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    int exit;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      exit = Netshrink.commandLine().execute(args);
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
    return new CliRun(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
