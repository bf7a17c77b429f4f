package dev.netshrink.bench;

import com.typesafe.config.ConfigFactory;
import dev.netshrink.cli.ApiClient;
import dev.netshrink.cli.CampaignFollower;
import dev.netshrink.local.EmbeddedSystem;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.TrialView;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `bench scaling`: the same campaign of KD trials with 1, 2, 4... student workers, each pinned to
 * one intra-op thread, on a fresh embedded system per run; reports the student phase (campaign wall
 * time minus the teacher's) and its training throughput.
 */
@Command(
    name = "scaling",
    mixinStandardHelpOptions = true,
    description = "Campaign throughput" + " with more student workers, each on one thread.")
final class ScalingBench implements Callable<Integer> {

  @Option(names = "--students", split = ",", defaultValue = "1,2,4")
  List<Integer> students;

  @Option(names = "--images", defaultValue = "10000", description = "training images")
  int images;

  @Option(names = "--epochs", defaultValue = "1", description = "epochs per student trial")
  int epochs;

  @Option(names = "--rounds", defaultValue = "1")
  int rounds;

  /** 8 trials: alpha 0.5 and 0.9 times T 1, 2, 4 and 8. */
  private String spec() {
    return """
        name: scaling
        dataset: {trainLimit: %d, testLimit: 1000}
        teacher: {epochs: 1}
        student: {epochs: %d}
        distillation: {alphas: [0.5, 0.9], temperatures: [1, 2, 4, 8], baseline: false}
        pruning: {models: []}
        """
        .formatted(images, epochs);
  }

  @Override
  public Integer call() throws Exception {
    Map<Integer, List<Double>> phases = new LinkedHashMap<>();
    int trials = 8;
    for (int round = 1; round <= rounds; round++) {
      for (int n : students) {
        Path tmp = Files.createTempDirectory("netshrink-bench-scaling");
        try (EmbeddedSystem system =
            EmbeddedSystem.start(
                ConfigFactory.load(),
                tmp.resolve("kafka"),
                0,
                0,
                tmp.resolve("reports"),
                new EmbeddedSystem.WorkerCounts(1, n, 0, 1),
                tmp.resolve("logs"))) {
          ApiClient api = new ApiClient(system.apiUrl());
          api.awaitWorkers("student", n, java.time.Duration.ofMinutes(2));
          long start = System.nanoTime();
          CampaignView done =
              new CampaignFollower(api, new PrintStream(OutputStream.nullOutputStream()))
                  .follow(api.submit(spec()));
          double wall = (System.nanoTime() - start) / 1e9;
          TrialView teacher = done.trials().get(0);
          double phase = wall - teacher.seconds();
          phases.computeIfAbsent(n, k -> new ArrayList<>()).add(phase);
          System.err.printf(
              Locale.ROOT,
              "round %d, %d students: campaign %.1f s, student phase" + " %.1f s (%s)%n",
              round,
              n,
              wall,
              phase,
              done.state());
        }
      }
    }
    double base = RunStats.of(phases.get(students.get(0))).median();
    System.out.printf(
        Locale.ROOT,
        "%d KD trials x %d epoch(s) x %,d images; students on 1"
            + " thread each; %d round(s)%n%n| student workers | student phase s (min / median / max)"
            + " | img/s | speed-up |%n|---|---|---|---|%n",
        trials,
        epochs,
        images,
        rounds);
    phases.forEach(
        (n, values) -> {
          RunStats stats = RunStats.of(values);
          System.out.printf(
              Locale.ROOT,
              "| %d | %.1f / %.1f / %.1f | %.0f | %.2fx |%n",
              n,
              stats.min(),
              stats.median(),
              stats.max(),
              (double) trials * epochs * images / stats.median(),
              base / stats.median());
        });
    return 0;
  }
}
