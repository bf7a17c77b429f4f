package dev.netshrink.bench;

import ai.djl.Model;
import com.typesafe.config.ConfigFactory;
import dev.netshrink.cli.ApiClient;
import dev.netshrink.cli.CampaignFollower;
import dev.netshrink.local.EmbeddedSystem;
import dev.netshrink.protocol.spec.CampaignSpec;
import dev.netshrink.protocol.spec.SpecDefaults;
import dev.netshrink.protocol.spec.SpecValidator;
import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.distill.DistillationTrainer;
import dev.netshrink.workers.distill.EpochListener;
import dev.netshrink.workers.distill.KnowledgeDistillationLoss;
import dev.netshrink.workers.distill.TeacherLogits;
import dev.netshrink.workers.distill.TeacherTrainer;
import dev.netshrink.workers.distill.TrainingSettings;
import dev.netshrink.workers.model.Architectures;
import dev.netshrink.workers.runtime.DatasetCache;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `bench naive`: the same 8-trial alpha x T sweep run twice per round. Once as netshrink runs it
 * (an embedded system: the teacher trains once and publishes its logits, two student workers read
 * them from Kafka), once in the naive form of the homework (one process using every core: the
 * teacher trains once, then each trial runs the teacher forward inside every student step). Same
 * spec, so the same models, data, settings and seeds.
 */
@Command(
    name = "naive",
    mixinStandardHelpOptions = true,
    description =
        "Campaign wall time with"
            + " teacher logits cached once (netshrink) against the naive loop (teacher forward in every"
            + " student step).")
final class NaiveLoopBench implements Callable<Integer> {

  @Option(names = "--images", defaultValue = "10000", description = "training images")
  int images;

  @Option(names = "--epochs", defaultValue = "3", description = "epochs per student trial")
  int epochs;

  @Option(
      names = "--teacher",
      defaultValue = "teacher-cnn",
      description = "teacher architecture (teacher-cnn, resnet18)")
  String teacher;

  @Option(names = "--teacher-epochs", defaultValue = "1")
  int teacherEpochs;

  @Option(names = "--students", defaultValue = "2", description = "netshrink's student workers")
  int students;

  @Option(names = "--rounds", defaultValue = "1")
  int rounds;

  /** The sweep: the 8-trial grid of BENCHMARKS section 2, or the demo's 4 KD trials + baseline. */
  enum Grid {
    EIGHT("[0.5, 0.9]", "[1, 2, 4, 8]", false),
    FIVE("[0.5, 0.9]", "[1, 4]", true);

    final String alphas;
    final String temperatures;
    final boolean baseline;

    Grid(String alphas, String temperatures, boolean baseline) {
      this.alphas = alphas;
      this.temperatures = temperatures;
      this.baseline = baseline;
    }
  }

  /** What netshrink is timed against: the loop in DJL (this JVM) or in Debian's PyTorch. */
  enum Reference {
    DJL,
    PYTORCH
  }

  @Option(
      names = "--grid",
      defaultValue = "eight",
      description = "eight (alpha 0.5, 0.9 x T 1, 2, 4, 8) or five (x T 1, 4, plus the baseline)")
  Grid grid;

  @Option(
      names = "--reference",
      defaultValue = "djl",
      description =
          "djl (the loop in this JVM) or pytorch (bench/sweep_reference.py: channels-last,"
              + " every core)")
  Reference reference;

  @Option(
      names = "--fuse",
      defaultValue = "auto",
      description = "netshrink's student.fuse: auto (packs of trials), off, or a pack size")
  String fuse;

  private String spec() {
    return """
        name: naive-vs-cached
        dataset: {trainLimit: %d, testLimit: 1000}
        teacher: {arch: %s, epochs: %d}
        student: {epochs: %d, fuse: '%s'}
        distillation: {alphas: %s, temperatures: %s, baseline: %s}
        pruning: {models: []}
        """
        .formatted(
            images,
            teacher,
            teacherEpochs,
            epochs,
            fuse,
            grid.alphas,
            grid.temperatures,
            grid.baseline);
  }

  @Override
  public Integer call() throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    // the naive loop runs in this JVM on every core; read once, when the engine loads
    System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(cores));
    CampaignSpec spec = SpecValidator.load(spec(), true);
    List<Double> naive = new ArrayList<>();
    List<Double> cached = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      naive.add(
          reference == Reference.PYTORCH ? PyTorchSweep.wallSeconds(spec, cores) : naive(spec));
      cached.add(netshrink());
      System.err.printf(
          Locale.ROOT,
          "round %d: " + reference + " loop %.1f s, netshrink %.1f s (%.2fx)%n",
          round,
          naive.get(round - 1),
          cached.get(round - 1),
          cached.get(round - 1) / naive.get(round - 1));
    }
    RunStats n = RunStats.of(naive);
    RunStats c = RunStats.of(cached);
    System.out.printf(
        Locale.ROOT,
        "%s x %d epochs x %,d images, teacher %s (%d epoch(s));"
            + " %d core(s); %d round(s)%n%n| run | wall s (min / median / max) | vs naive |%n"
            + "|---|---|---|%n| %s (teacher forward in every step, %d threads) |"
            + " %.1f / %.1f / %.1f | 1.00x |%n| netshrink (logits once, %d student workers, fuse %s) |"
            + " %.1f / %.1f / %.1f | %.2fx |%n",
        grid == Grid.EIGHT ? "8 KD trials" : "4 KD trials + the CE baseline",
        epochs,
        images,
        teacher,
        teacherEpochs,
        cores,
        rounds,
        reference == Reference.PYTORCH ? "PyTorch loop, channels-last" : "naive loop in DJL",
        cores,
        n.min(),
        n.median(),
        n.max(),
        students,
        fuse,
        c.min(),
        c.median(),
        c.max(),
        c.median() / n.median());
    return 0;
  }

  /** The homework's loop: teacher trained once, then teacher forward inside every student step. */
  private double naive(CampaignSpec spec) throws Exception {
    DatasetCache datasets = new DatasetCache();
    ImageDataset train = datasets.train(spec.dataset());
    ImageDataset test = datasets.test(spec.dataset());
    long start = System.nanoTime();
    try (Model teacherModel = Model.newInstance("teacher")) {
      teacherModel.setBlock(
          Architectures.build(spec.teacher().arch(), train.channels(), List.of(), train.classes()));
      new TeacherTrainer(
              settings(
                  spec,
                  spec.teacher().epochs(),
                  spec.teacher().batchSize(),
                  spec.teacher().learningRate(),
                  spec.teacher().schedule()))
          .train(teacherModel, train, test, EpochListener.NONE, () -> false);
      for (double alpha : spec.distillation().alphas()) {
        for (double temperature : spec.distillation().temperatures()) {
          try (Model student = student(spec, train)) {
            studentTrainer(spec, (float) alpha, (float) temperature)
                .trainWithLiveTeacher(
                    student, train, teacherModel.getBlock(), test, EpochListener.NONE, () -> false);
          }
        }
      }
      if (Boolean.TRUE.equals(spec.distillation().baseline())) {
        baseline(spec, train, test);
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** The CE-only trial: no teacher at all (alpha 0 gives its logits no weight). */
  private static void baseline(CampaignSpec spec, ImageDataset train, ImageDataset test)
      throws Exception {
    try (Model student = student(spec, train)) {
      studentTrainer(spec, 0f, 1f)
          .train(
              student,
              train,
              new TeacherLogits(
                  train.count(), train.classes(), new float[train.count() * train.classes()]),
              test,
              EpochListener.NONE,
              () -> false);
    }
  }

  /** A fresh student of the spec's architecture and widths. */
  private static Model student(CampaignSpec spec, ImageDataset train) {
    Model student = Model.newInstance("student");
    student.setBlock(
        Architectures.build(
            spec.student().arch(), train.channels(), spec.student().widths(), train.classes()));
    return student;
  }

  /** The spec's student training with the KD loss of {@code alpha} and {@code temperature}. */
  private static DistillationTrainer studentTrainer(
      CampaignSpec spec, float alpha, float temperature) {
    return new DistillationTrainer(
        settings(
            spec,
            spec.student().epochs(),
            spec.student().batchSize(),
            spec.student().learningRate(),
            spec.student().schedule()),
        new KnowledgeDistillationLoss(alpha, temperature));
  }

  private static TrainingSettings settings(
      CampaignSpec spec, int epochs, int batchSize, double learningRate, String schedule) {
    return TrainingSettings.builder()
        .setEpochs(epochs)
        .setBatchSize(batchSize)
        .setLearningRate((float) learningRate)
        .optCosineDecay(SpecDefaults.COSINE.equals(schedule))
        .optSeed(spec.seedOrDefault())
        .build();
  }

  /** The same spec as a netshrink campaign, submit to finish. */
  private double netshrink() throws Exception {
    Path tmp = Files.createTempDirectory("netshrink-bench-naive");
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
      api.awaitWorkers(null, 1 + students, java.time.Duration.ofMinutes(2));
      long start = System.nanoTime();
      CampaignView done =
          new CampaignFollower(api, new PrintStream(OutputStream.nullOutputStream()))
              .follow(api.submit(spec()));
      if (done.state() != CampaignStatus.SUCCEEDED) {
        throw new IllegalStateException("the campaign ended " + done.state());
      }
      return (System.nanoTime() - start) / 1e9;
    }
  }
}
