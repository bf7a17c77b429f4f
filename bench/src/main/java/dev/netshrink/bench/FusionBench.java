package dev.netshrink.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import dev.netshrink.workers.data.FashionMnist;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.distill.DistillationTrainer;
import dev.netshrink.workers.distill.EpochListener;
import dev.netshrink.workers.distill.EpochReport;
import dev.netshrink.workers.distill.KnowledgeDistillationLoss;
import dev.netshrink.workers.distill.PackMember;
import dev.netshrink.workers.distill.PackTrainer;
import dev.netshrink.workers.distill.TeacherLogits;
import dev.netshrink.workers.distill.TrainingSettings;
import dev.netshrink.workers.model.DepthwiseStudent;
import dev.netshrink.workers.model.DepthwiseStudentShape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `bench fusion`: student-phase throughput, in trial-images per second summed over the trials
 * trained, of one trial per job (the plain trainer) against packs of K trials fused into one
 * network ({@link PackTrainer}), on the default student. Each round runs every variant once, in
 * turn, so drift hits them alike; the first epoch of every run is a warm-up and not counted.
 */
@Command(
    name = "fusion",
    mixinStandardHelpOptions = true,
    description =
        "Student training throughput (trial-images/s) of fused packs of K trials against one trial"
            + " at a time, side by side over rounds.")
final class FusionBench implements Callable<Integer> {

  @Option(names = "--images", defaultValue = "6000")
  int images;

  @Option(names = "--epochs", defaultValue = "2", description = "per run; the first is warm-up")
  int epochs;

  @Option(names = "--batch", defaultValue = "64")
  int batch;

  @Option(names = "--threads", defaultValue = "2")
  int threads;

  @Option(names = "--packs", defaultValue = "1,2,4,8", split = ",")
  List<Integer> packs;

  @Option(names = "--rounds", defaultValue = "3")
  int rounds;

  @Option(names = "--data", defaultValue = "/usr/share/datasets/fashion-mnist")
  Path data;

  @Override
  public Integer call() throws Exception {
    if (epochs < 2 || rounds < 1 || packs.stream().anyMatch(k -> k < 1)) {
      throw new IllegalArgumentException("need --epochs >= 2, --rounds >= 1 and packs >= 1");
    }
    System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
    ImageDataset train = FashionMnist.load(data, true, images);
    TeacherLogits teacher = randomLogits(train);
    DepthwiseStudentShape shape = DepthwiseStudentShape.defaults(train.classes());
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      rates.computeIfAbsent("alone", v -> new ArrayList<>()).add(alone(train, teacher, shape));
      for (int k : packs) {
        rates
            .computeIfAbsent("fused K=" + k, v -> new ArrayList<>())
            .add(fused(k, train, teacher, shape));
      }
    }
    RunStats base = RunStats.of(rates.get("alone"));
    System.out.printf(
        Locale.ROOT,
        "bench fusion: %d images, batch %d, %d threads, %d rounds, default student, DJL %s"
            + " (libtorch %s)%n",
        images,
        batch,
        threads,
        rounds,
        Engine.getDjlVersion(),
        Engine.getInstance().getVersion());
    System.out.println("| variant | trial-images/s min | median | max | median vs alone |");
    System.out.println("| --- | ---: | ---: | ---: | ---: |");
    rates.forEach(
        (name, values) -> {
          RunStats s = RunStats.of(values);
          System.out.printf(
              Locale.ROOT,
              "| %s | %.0f | %.0f | %.0f | %.2fx |%n",
              name,
              s.min(),
              s.median(),
              s.max(),
              s.median() / base.median());
        });
    return 0;
  }

  private double alone(ImageDataset train, TeacherLogits teacher, DepthwiseStudentShape shape)
      throws Exception {
    try (Model model = Model.newInstance("student")) {
      model.setBlock(DepthwiseStudent.build(shape));
      List<EpochReport> reports =
          new DistillationTrainer(settings(), loss(0))
              .train(model, train, teacher, null, EpochListener.NONE, () -> false);
      return reports.get(reports.size() - 1).imagesPerSecond();
    }
  }

  private double fused(
      int k, ImageDataset train, TeacherLogits teacher, DepthwiseStudentShape shape)
      throws Exception {
    List<EpochReport> reports = new ArrayList<>();
    List<PackMember> members = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      members.add(PackMember.fresh(loss(i), i == 0 ? reports::add : EpochListener.NONE));
    }
    List<Optional<Model>> models =
        new PackTrainer(settings(), shape).train(members, train, teacher, null, () -> false);
    models.forEach(m -> m.ifPresent(Model::close));
    // every member saw every image once per epoch, in the same seconds
    return k * reports.get(reports.size() - 1).imagesPerSecond();
  }

  private TrainingSettings settings() {
    return TrainingSettings.builder()
        .setEpochs(epochs)
        .setBatchSize(batch)
        .setLearningRate(5e-3f)
        .optSeed(1)
        .build();
  }

  private static KnowledgeDistillationLoss loss(int i) {
    float[] alphas = {0.5f, 0.9f, 0.7f, 0.3f};
    float[] temperatures = {4f, 2f, 8f, 1f};
    return new KnowledgeDistillationLoss(alphas[i % 4], temperatures[(i / 4 + i) % 4]);
  }

  /** A random teacher's logits: what KD costs does not depend on what the teacher knows. */
  private static TeacherLogits randomLogits(ImageDataset train) {
    Random random = new Random(1);
    float[] values = new float[train.count() * train.classes()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian() * 3;
    }
    return new TeacherLogits(train.count(), train.classes(), values);
  }
}
