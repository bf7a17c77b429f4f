package dev.netshrink.bench;

import com.typesafe.config.ConfigFactory;
import dev.netshrink.cli.ApiClient;
import dev.netshrink.cli.CampaignFollower;
import dev.netshrink.local.EmbeddedSystem;
import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.TrialView;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `bench pruners`: the same pruning sweep (student and teacher, masked and channel pruning, 20
 * ratios in slices of 5: 16 pruner jobs) with 1 pruner on 1 thread, 1 pruner on 2 threads and 2
 * pruners on 1 thread each, on a fresh embedded system per run; reports the pruning phase (the
 * campaign's wall time minus its teacher's and student's).
 */
@Command(
    name = "pruners",
    mixinStandardHelpOptions = true,
    description = "Pruning-sweep wall time with more pruner workers (PRUNERSxTHREADS).")
final class PrunerScalingBench implements Callable<Integer> {

  @Option(
      names = "--configs",
      split = ",",
      defaultValue = "1x1,2x1,1x2",
      description = "pruners x threads each (default: ${DEFAULT-VALUE})")
  List<String> configs;

  @Option(names = "--images", defaultValue = "5000", description = "training images")
  int images;

  @Option(names = "--test-images", defaultValue = "2000", description = "test images")
  int testImages;

  @Option(names = "--rounds", defaultValue = "3")
  int rounds;

  private String spec() {
    return """
        name: pruners
        dataset: {trainLimit: %d, testLimit: %d}
        teacher: {epochs: 1}
        student: {epochs: 1}
        distillation: {alphas: [0.5], temperatures: [4], baseline: false}
        pruning: {methods: [l1-unstructured, l2-structured], models: [student, teacher],
                  ratios: {from: 0.0, to: 0.95, step: 0.05}, ratiosPerJob: 5}
        """
        .formatted(images, testImages);
  }

  @Override
  public Integer call() throws Exception {
    Map<String, List<Double>> phases = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      for (String config : configs) {
        int x = config.indexOf('x');
        int pruners = Integer.parseInt(config.substring(0, x));
        int threads = Integer.parseInt(config.substring(x + 1));
        double phase = run(pruners, threads);
        phases.computeIfAbsent(config, k -> new ArrayList<>()).add(phase);
        System.err.printf(
            Locale.ROOT, "round %d, %s: pruning phase %.1f s%n", round, config, phase);
      }
    }
    double base = RunStats.of(phases.get(configs.get(0))).median();
    System.out.printf(
        Locale.ROOT,
        "16 pruner jobs (2 models x 2 methods x 20 ratios in slices of 5) on %,d test images;"
            + " %d round(s)%n%n| pruners x threads | pruning phase s (min / median / max)"
            + " | speed-up vs %s |%n|---|---|---|%n",
        testImages,
        rounds,
        configs.get(0));
    phases.forEach(
        (config, values) -> {
          RunStats stats = RunStats.of(values);
          System.out.printf(
              Locale.ROOT,
              "| %s | %.1f / %.1f / %.1f | %.2fx |%n",
              config,
              stats.min(),
              stats.median(),
              stats.max(),
              base / stats.median());
        });
    return 0;
  }

  /** One campaign on a fresh system; the seconds from the student's end to the campaign's. */
  private double run(int pruners, int threads) throws Exception {
    Path tmp = Files.createTempDirectory("netshrink-bench-pruners");
    // the student is pinned like the pruners; its time, and the teacher's, are taken out
    try (EmbeddedSystem system =
        EmbeddedSystem.start(
            ConfigFactory.load(),
            tmp.resolve("kafka"),
            0,
            0,
            tmp.resolve("reports"),
            new EmbeddedSystem.WorkerCounts(1, 1, pruners, threads),
            tmp.resolve("logs"))) {
      ApiClient api = new ApiClient(system.apiUrl());
      api.awaitWorkers("pruner", pruners, Duration.ofMinutes(2));
      long start = System.nanoTime();
      CampaignView done =
          new CampaignFollower(api, new PrintStream(OutputStream.nullOutputStream()))
              .follow(api.submit(spec()));
      double wall = (System.nanoTime() - start) / 1e9;
      if (done.state() != CampaignStatus.SUCCEEDED) {
        throw new IllegalStateException("the campaign ended " + done.state());
      }
      double training =
          done.trials().stream()
              .filter(t -> !t.kind().equals("prune"))
              .mapToDouble(TrialView::seconds)
              .sum();
      return wall - training;
    }
  }
}
