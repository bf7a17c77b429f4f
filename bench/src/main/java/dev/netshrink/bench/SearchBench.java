package dev.netshrink.bench;

import com.typesafe.config.ConfigFactory;
import dev.netshrink.cli.ApiClient;
import dev.netshrink.cli.CampaignFollower;
import dev.netshrink.local.EmbeddedSystem;
import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.TrialStatus;
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
 * `bench search`: ASHA over 16 points drawn from the grid's ranges against the full 4 x 4 grid of
 * alpha and temperature, every trial of the same length, on one fresh system per round with a
 * teacher trained once and loaded by both campaigns. Reports the best accuracy each found, the
 * student epochs each ran, and the wall time of the students (the campaign's, less its teacher
 * job's), alternating which runs first.
 */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    description =
        "ASHA over a 16-point random space against the full 16-point grid: best accuracy, student"
            + " epochs and wall time.")
final class SearchBench implements Callable<Integer> {

  @Option(names = "--images", defaultValue = "6000", description = "training images")
  int images;

  @Option(names = "--test-images", defaultValue = "2000", description = "test images")
  int testImages;

  @Option(names = "--epochs", defaultValue = "4", description = "epochs of every trial")
  int epochs;

  @Option(names = "--eta", defaultValue = "2", description = "ASHA's reduction factor")
  int eta;

  @Option(names = "--students", defaultValue = "2", description = "student workers")
  int students;

  @Option(names = "--rounds", defaultValue = "1")
  int rounds;

  private String grid(Path teacher) {
    return common(teacher)
        + """
        distillation: {alphas: [0.3, 0.5, 0.7, 0.9], temperatures: [1, 2, 4, 8], baseline: false}
        """;
  }

  private String asha(Path teacher) {
    return common(teacher)
        + """
        distillation: {baseline: false}
        search:
          strategy: random
          trials: 16
          space:
            alpha: {uniform: [0.3, 0.9]}
            temperature: {choice: [1, 2, 4, 8]}
          stopping: {rule: asha, eta: %d, minEpochs: 1}
        """
            .formatted(eta);
  }

  private String common(Path teacher) {
    return """
        name: bench-search
        dataset: {trainLimit: %d, testLimit: %d}
        teacher: {epochs: 0, checkpoint: %s}
        student: {epochs: %d}
        pruning: {models: []}
        """
        .formatted(images, testImages, teacher, epochs);
  }

  /** One campaign's figures. */
  record Run(double best, int epochsRun, double studentSeconds, int stopped) {}

  @Override
  public Integer call() throws Exception {
    List<Run> grids = new ArrayList<>();
    List<Run> ashas = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      Run[] r = round(round % 2 == 0);
      grids.add(r[0]);
      ashas.add(r[1]);
      System.err.printf(
          Locale.ROOT,
          "round %d: grid best %.4f in %.1f s (%d epochs); asha best %.4f in %.1f s (%d epochs,"
              + " %d stopped)%n",
          round,
          r[0].best(),
          r[0].studentSeconds(),
          r[0].epochsRun(),
          r[1].best(),
          r[1].studentSeconds(),
          r[1].epochsRun(),
          r[1].stopped());
    }
    RunStats gridBest = RunStats.of(grids.stream().map(Run::best).toList());
    RunStats ashaBest = RunStats.of(ashas.stream().map(Run::best).toList());
    RunStats gridWall = RunStats.of(grids.stream().map(Run::studentSeconds).toList());
    RunStats ashaWall = RunStats.of(ashas.stream().map(Run::studentSeconds).toList());
    System.out.printf(
        Locale.ROOT,
        "%d training images, %d test images, %d epochs per trial, %d student workers, eta %d,"
            + " %d round(s)%n%n"
            + "| measure (min / median / max) | grid 4 x 4 | ASHA, 16 random points |%n"
            + "|---|---|---|%n"
            + "| best accuracy | %s | %s |%n"
            + "| student epochs run | %s | %s |%n"
            + "| students' wall s | %s | %s |%n%n"
            + "ASHA - grid best: %+.2f points (goal: within -0.3); ASHA / grid wall: %.2fx"
            + " (goal: <= 0.5x)%n",
        images,
        testImages,
        epochs,
        students,
        eta,
        rounds,
        fmt(gridBest, "%.4f"),
        fmt(ashaBest, "%.4f"),
        fmt(RunStats.of(grids.stream().map(r -> (double) r.epochsRun()).toList()), "%.0f"),
        fmt(RunStats.of(ashas.stream().map(r -> (double) r.epochsRun()).toList()), "%.0f"),
        fmt(gridWall, "%.1f"),
        fmt(ashaWall, "%.1f"),
        (ashaBest.median() - gridBest.median()) * 100,
        ashaWall.median() / gridWall.median());
    return 0;
  }

  private static String fmt(RunStats s, String f) {
    return String.format(Locale.ROOT, f + " / " + f + " / " + f, s.min(), s.median(), s.max());
  }

  /** Grid then ASHA (or the other way round), on one fresh system: {grid, asha}. */
  private Run[] round(boolean ashaFirst) throws Exception {
    Path tmp = Files.createTempDirectory("netshrink-bench-search");
    Path checkpoint =
        Files.createTempFile(
            Files.createDirectories(Path.of(".netshrink").toAbsolutePath()),
            "bench-teacher",
            ".params");
    try (EmbeddedSystem system =
        EmbeddedSystem.start(
            ConfigFactory.load(),
            tmp.resolve("kafka"),
            0,
            0,
            tmp.resolve("reports"),
            new EmbeddedSystem.WorkerCounts(1, students, 0),
            tmp.resolve("logs"))) {
      ApiClient api = new ApiClient(system.apiUrl());
      api.awaitWorkers(null, 1 + students, Duration.ofMinutes(2));
      CampaignView trained =
          follow(
              api,
              """
              name: teacher
              dataset: {trainLimit: %d, testLimit: %d}
              teacher: {epochs: 2}
              distillation: {alphas: [], baseline: true}
              student: {epochs: 1}
              pruning: {models: []}
              """
                  .formatted(images, testImages));
      Files.write(checkpoint, LogitsReuseBench.teacherCheckpoint(system, trained));
      Run grid;
      Run asha;
      if (ashaFirst) {
        asha = run(api, asha(checkpoint));
        grid = run(api, grid(checkpoint));
      } else {
        grid = run(api, grid(checkpoint));
        asha = run(api, asha(checkpoint));
      }
      return new Run[] {grid, asha};
    } finally {
      Files.deleteIfExists(checkpoint);
    }
  }

  private static Run run(ApiClient api, String spec) throws Exception {
    long start = System.nanoTime();
    CampaignView done = follow(api, spec);
    double wall = (System.nanoTime() - start) / 1e9;
    List<TrialView> students =
        done.trials().stream().filter(t -> t.kind().equals("student")).toList();
    double best =
        students.stream()
            .filter(t -> t.state() == TrialStatus.SUCCEEDED && t.accuracy() != null)
            .mapToDouble(TrialView::accuracy)
            .max()
            .orElse(Double.NaN);
    int epochsRun = students.stream().mapToInt(t -> t.epochs().size()).sum();
    int stopped = (int) students.stream().filter(t -> t.state() == TrialStatus.STOPPED).count();
    double teacher = done.trials().get(0).seconds() == null ? 0 : done.trials().get(0).seconds();
    return new Run(best, epochsRun, wall - teacher, stopped);
  }

  private static CampaignView follow(ApiClient api, String spec) throws Exception {
    CampaignView done =
        new CampaignFollower(api, new PrintStream(OutputStream.nullOutputStream()))
            .follow(api.submit(spec));
    if (done.state() != CampaignStatus.SUCCEEDED) {
      throw new IllegalStateException("the campaign ended " + done.state());
    }
    return done;
  }
}
