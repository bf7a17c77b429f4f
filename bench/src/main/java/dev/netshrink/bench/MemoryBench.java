package dev.netshrink.bench;

import com.typesafe.config.ConfigFactory;
import dev.netshrink.cli.ApiClient;
import dev.netshrink.cli.CampaignFollower;
import dev.netshrink.local.EmbeddedSystem;
import dev.netshrink.local.ProcessMemory;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.TrialView;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `bench memory`: the peak resident memory of the pruner worker over the demo's whole pruning sweep
 * (student and teacher, L1 unstructured and L2 structured, ratios 0 to 0.95 by 0.05: 80 points on
 * 5,000 test images), against the bound the README states. The training before it is cut to one
 * epoch and one KD trial: it does not run in the pruner. A pruner once grew to 10-15 GB here and
 * took the demo down with it.
 */
@Command(
    name = "memory",
    mixinStandardHelpOptions = true,
    description = "Peak RSS of the pruner over the demo's full sweep, against a bound.")
final class MemoryBench implements Callable<Integer> {

  @Option(names = "--rounds", defaultValue = "1")
  int rounds;

  @Option(
      names = "--bound-mib",
      defaultValue = "2048",
      description = "the pruner's documented bound (default: ${DEFAULT-VALUE})")
  long boundMib;

  @Option(names = "--train-images", defaultValue = "30000", description = "as the demo")
  int trainImages;

  @Option(names = "--test-images", defaultValue = "5000", description = "as the demo")
  int testImages;

  @Option(names = "--ratio-step", defaultValue = "0.05", description = "as the demo")
  double ratioStep;

  private String spec() {
    return """
      name: memory
      seed: 20220013
      dataset: {trainLimit: %d, testLimit: %d}
      teacher: {arch: teacher-cnn, epochs: 1, batchSize: 64, learningRate: 0.003}
      student: {widths: [32, 64, 128, 128, 192], maxParams: 60000, epochs: 1, batchSize: 64,
                learningRate: 0.005}
      distillation: {alphas: [0.9], temperatures: [4], baseline: false}
      logits: {precision: fp16}
      pruning: {methods: [l1-unstructured, l2-structured], ratios: {from: 0.0, to: 0.95, step: %s},
                models: [student, teacher], fineTuneEpochs: 0}
      """
        .formatted(trainImages, testImages, ratioStep);
  }

  @Override
  public Integer call() throws Exception {
    List<Double> peaks = new ArrayList<>();
    List<Double> sweepSeconds = new ArrayList<>();
    int points = 0;
    for (int round = 1; round <= rounds; round++) {
      Path tmp = Files.createTempDirectory("netshrink-bench-memory");
      try (EmbeddedSystem system =
          EmbeddedSystem.start(
              ConfigFactory.load(),
              tmp.resolve("kafka"),
              0,
              0,
              tmp.resolve("reports"),
              new EmbeddedSystem.WorkerCounts(1, 1, 1),
              tmp.resolve("logs"))) {
        ApiClient api = new ApiClient(system.apiUrl());
        api.awaitWorkers("pruner", 1, Duration.ofMinutes(2));
        CampaignView done =
            new CampaignFollower(api, new PrintStream(OutputStream.nullOutputStream()))
                .follow(api.submit(spec()));
        TrialView prune = done.trials().get(done.trials().size() - 1);
        long pid = system.workerPid("local-pruner-1");
        double peakMib =
            ProcessMemory.peakResidentBytes(pid)
                    .orElseThrow(() -> new IllegalStateException("no /proc/" + pid + "/status"))
                / (1024.0 * 1024.0);
        peaks.add(peakMib);
        points = done.pruning().size();
        sweepSeconds.add(prune.seconds());
        System.err.printf(
            Locale.ROOT,
            "round %d: %s, %d sweep points, sweep %.1f s, pruner peak RSS %.0f MiB%n",
            round,
            done.state(),
            done.pruning().size(),
            prune.seconds(),
            peakMib);
      }
    }
    RunStats peak = RunStats.of(peaks);
    RunStats seconds = RunStats.of(sweepSeconds);
    boolean met = peak.max() <= boundMib;
    System.out.printf(
        Locale.ROOT,
        "the demo's sweep (%d points on %,d test images), %d round(s)%n%n"
            + "| pruner peak RSS MiB (min / median / max) | sweep s (min / median / max) | bound"
            + " | verdict |%n|---|---|---|---|%n| %.0f / %.0f / %.0f | %.1f / %.1f / %.1f |"
            + " %d MiB | %s |%n",
        points,
        testImages,
        rounds,
        peak.min(),
        peak.median(),
        peak.max(),
        seconds.min(),
        seconds.median(),
        seconds.max(),
        boundMib,
        met ? "met" : "MISSED");
    return met ? 0 : 1;
  }
}
