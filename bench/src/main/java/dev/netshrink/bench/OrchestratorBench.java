package dev.netshrink.bench;

import com.typesafe.config.ConfigFactory;
import dev.netshrink.cli.ApiClient;
import dev.netshrink.cli.CampaignFollower;
import dev.netshrink.local.EmbeddedSystem;
import dev.netshrink.protocol.event.CampaignCompleted;
import dev.netshrink.protocol.kafka.DeadLetters;
import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.kafka.TopicSnapshot;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.worker.WorkerRole;
import dev.netshrink.workers.runtime.WorkerRuntime;
import dev.netshrink.workers.runtime.WorkerSettings;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `bench orchestrator`: a campaign of many KD trials run by workers that finish every job at once
 * ({@link InstantJobRunner}), through the full path: assignment over Kafka, the worker's events
 * back over Kafka, the orchestrator's state. Reports trials/s, lifecycle events/s and the
 * scheduling latency the orchestrator measures itself (runnable job to assignment sent). A round is
 * timed from its events (first decision to CampaignCompleted), and the first, cold one is reported
 * apart.
 */
@Command(
    name = "orchestrator",
    mixinStandardHelpOptions = true,
    description =
        "Orchestrator"
            + " overhead: a many-trial campaign with workers that complete jobs instantly.")
final class OrchestratorBench implements Callable<Integer> {

  private static final Pattern SAMPLE =
      Pattern.compile(
          "^(netshrink_orchestrator_events_processed_total|netshrink_orchestrator_scheduling_latency_seconds"
              + "(?:_count)?)(\\{[^}]*})? ([0-9.eE+-]+)$",
          Pattern.MULTILINE);

  @Option(
      names = "--trials",
      defaultValue = "1000",
      description = "KD trials (alphas x temperatures)")
  int trials;

  @Option(names = "--students", defaultValue = "4", description = "no-op student workers")
  int students;

  @Option(names = "--rounds", defaultValue = "3")
  int rounds;

  record Round(
      double seconds,
      int trials,
      double events,
      double p50Millis,
      double p99Millis,
      long scheduled) {}

  @Override
  public Integer call() throws Exception {
    List<Round> results = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      Round r = runOnce();
      results.add(r);
      System.err.printf(
          Locale.ROOT,
          "round %d: %d trials in %.2f s, %.0f events, p50 %.2f ms,"
              + " p99 %.2f ms over %d assignments%n",
          round,
          r.trials(),
          r.seconds(),
          r.events(),
          r.p50Millis(),
          r.p99Millis(),
          r.scheduled());
    }
    Round cold = results.get(0);
    // the first round warms the JVM (JIT, class loading) and the broker: reported apart
    List<Round> warm = results.size() > 1 ? results.subList(1, results.size()) : results;
    System.out.printf(
        Locale.ROOT,
        "%d KD trials (+ the teacher), %d no-op student workers, %d"
            + " round(s); timed from the events (first decision to CampaignCompleted)%n"
            + "cold first round: %.0f trials/s, %.0f lifecycle events/s, p99 %.2f ms%n"
            + "%n| measure (%s) | min | median | max |%n|---|---|---|---|%n",
        trials,
        students,
        rounds,
        cold.trials() / cold.seconds(),
        cold.events() / cold.seconds(),
        cold.p99Millis(),
        results.size() > 1 ? "rounds 2-" + results.size() : "the only round");
    results = warm;
    row("trials/s", results.stream().map(r -> r.trials() / r.seconds()).toList(), "%.0f");
    row("lifecycle events/s", results.stream().map(r -> r.events() / r.seconds()).toList(), "%.0f");
    row("scheduling latency p50 (ms)", results.stream().map(Round::p50Millis).toList(), "%.2f");
    row("scheduling latency p99 (ms)", results.stream().map(Round::p99Millis).toList(), "%.2f");
    row("campaign wall time (s)", results.stream().map(Round::seconds).toList(), "%.2f");
    return 0;
  }

  private Round runOnce() throws Exception {
    Path tmp = Files.createTempDirectory("netshrink-bench-orchestrator");
    try (EmbeddedSystem system =
        EmbeddedSystem.start(
            ConfigFactory.load(),
            tmp.resolve("kafka"),
            0,
            0,
            tmp.resolve("reports"),
            new EmbeddedSystem.WorkerCounts(0, 0, 0),
            tmp.resolve("logs"))) {
      List<WorkerRuntime> workers = new ArrayList<>();
      try {
        workers.add(instant("teacher-1", WorkerRole.TEACHER, system.bootstrapServers()));
        for (int i = 1; i <= students; i++) {
          workers.add(instant("student-" + i, WorkerRole.STUDENT, system.bootstrapServers()));
        }
        ApiClient api = new ApiClient(system.apiUrl());
        api.awaitWorkers(null, 1 + students, java.time.Duration.ofMinutes(1));
        double eventsBefore = scrape(system.apiUrl()).events();
        CampaignView done =
            new CampaignFollower(api, new PrintStream(OutputStream.nullOutputStream()))
                .follow(api.submit(spec()));
        if (done.state() != CampaignStatus.SUCCEEDED) {
          throw new IllegalStateException("the campaign ended " + done.state());
        }
        // timed from the events themselves: the follower polls, which would add up to its
        // interval to every round
        double seconds = eventSpan(system.bootstrapServers(), done.campaignId());
        Scrape after = scrape(system.apiUrl());
        return new Round(
            seconds,
            done.trials().size(),
            after.events() - eventsBefore,
            after.p50Seconds() * 1e3,
            after.p99Seconds() * 1e3,
            after.scheduled());
      } finally {
        workers.forEach(WorkerRuntime::close);
      }
    }
  }

  /**
   * The KD grid: 1,000 trials are 25 alphas x 40 temperatures, one trial per job (fusion off): the
   * benchmark times the control path of each trial.
   */
  private String spec() {
    int alphaCount = Math.max(1, (int) Math.floor(Math.sqrt(trials / 1.6)));
    while (trials % alphaCount != 0) {
      alphaCount--;
    }
    int alphas = alphaCount;
    int temperatures = trials / alphas;
    return """
        name: orchestrator-bench
        student: {fuse: off}
        distillation: {alphas: [%s], temperatures: [%s], baseline: false}
        pruning: {models: []}
        """
        .formatted(
            IntStream.range(0, alphas)
                .mapToObj(i -> String.format(Locale.ROOT, "%.3f", (i + 1.0) / (alphas + 1)))
                .collect(Collectors.joining(", ")),
            IntStream.range(0, temperatures)
                .mapToObj(i -> String.valueOf(i + 1))
                .collect(Collectors.joining(", ")));
  }

  /** Seconds from the campaign's first event (its first decision) to its CampaignCompleted. */
  private static double eventSpan(String bootstrap, String campaignId) {
    KafkaSettings kafka = KafkaSettings.of(bootstrap);
    Topics topics = Topics.withDefaultPrefix();
    long[] span = {Long.MAX_VALUE, Long.MIN_VALUE};
    TopicSnapshot.read(
        kafka,
        topics.events(),
        DeadLetters.skipping(topics, "bench-orchestrator"),
        java.time.Duration.ofSeconds(30),
        (key, event) -> {
          if (event != null && event.campaignId().equals(campaignId)) {
            span[0] = Math.min(span[0], event.atMillis());
            if (event instanceof CampaignCompleted) {
              span[1] = event.atMillis();
            }
          }
          return true;
        });
    if (span[1] == Long.MIN_VALUE) {
      throw new IllegalStateException("no CampaignCompleted of " + campaignId + " on the log");
    }
    return (span[1] - span[0]) / 1e3;
  }

  private static WorkerRuntime instant(String id, WorkerRole role, String bootstrap)
      throws Exception {
    WorkerSettings settings = WorkerSettings.from(ConfigFactory.load(), id, role);
    return WorkerRuntime.launch(
        settings.withKafka(settings.kafka().withBootstrapServers(bootstrap)),
        (publisher, deadLetters, meters) -> new InstantJobRunner());
  }

  record Scrape(double events, double p50Seconds, double p99Seconds, long scheduled) {}

  /** Reads the orchestrator's own /metrics, as Prometheus would. */
  static Scrape scrape(String apiUrl) throws Exception {
    String text =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(apiUrl + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    double events = 0;
    double p50 = Double.NaN;
    double p99 = Double.NaN;
    long scheduled = 0;
    Matcher m = SAMPLE.matcher(text);
    while (m.find()) {
      String labels = m.group(2) == null ? "" : m.group(2);
      double value = Double.parseDouble(m.group(3));
      if (m.group(1).startsWith("netshrink_orchestrator_events_processed")) {
        events += value;
      } else if (m.group(1).endsWith("_count")) {
        scheduled = (long) value;
      } else if (labels.contains("quantile=\"0.5\"")) {
        p50 = value;
      } else if (labels.contains("quantile=\"0.99\"")) {
        p99 = value;
      }
    }
    return new Scrape(events, p50, p99, scheduled);
  }

  private static void row(String name, List<Double> values, String format) {
    RunStats stats = RunStats.of(values);
    System.out.printf(
        Locale.ROOT,
        "| %s | " + format + " | " + format + " | " + format + " |%n",
        name,
        stats.min(),
        stats.median(),
        stats.max());
  }
}
