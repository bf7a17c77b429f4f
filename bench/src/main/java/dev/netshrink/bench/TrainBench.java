package dev.netshrink.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import dev.netshrink.workers.data.FashionMnist;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.distill.DistillationTrainer;
import dev.netshrink.workers.distill.EpochListener;
import dev.netshrink.workers.distill.EpochReport;
import dev.netshrink.workers.distill.KnowledgeDistillationLoss;
import dev.netshrink.workers.distill.TeacherLogits;
import dev.netshrink.workers.distill.TeacherTrainer;
import dev.netshrink.workers.distill.TrainingSettings;
import dev.netshrink.workers.model.BatchedInference;
import dev.netshrink.workers.model.DepthwiseStudent;
import dev.netshrink.workers.model.DepthwiseStudentShape;
import dev.netshrink.workers.model.TeacherCnn;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `bench train`: training throughput of the student (KD on in-memory teacher logits, as a student
 * worker trains) or the teacher (cross entropy, as the teacher worker trains), then inference
 * throughput of the trained network. {@code bench/train_reference.py} is the same run in PyTorch
 * and {@code bench/train_vs_pytorch.py} alternates the two.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description =
        "Training throughput"
            + " (images/s per epoch) of the student (KD) or the teacher (CE), then inference throughput;"
            + " bench/train_reference.py is the same run in PyTorch. Prints one line of JSON.")
final class TrainBench implements Callable<Integer> {

  @Option(names = "--model", defaultValue = "student", description = "student or teacher")
  String model;

  @Option(names = "--images", defaultValue = "10000")
  int images;

  @Option(names = "--epochs", defaultValue = "2")
  int epochs;

  @Option(names = "--batch", defaultValue = "64")
  int batch;

  @Option(names = "--inference-batch", defaultValue = "256")
  int inferenceBatch;

  @Option(
      names = "--inference-passes",
      defaultValue = "3",
      description = "passes over the images in inference mode after training (0: none)")
  int inferencePasses;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "PyTorch intra-op threads (a student worker gets cores / students)")
  int threads;

  @Option(
      names = "--layout",
      defaultValue = "channels-last",
      description = "memory layout of image batches: channels-last (the default) or nchw")
  String layout;

  @Option(names = "--data", defaultValue = "/usr/share/datasets/fashion-mnist")
  Path data;

  @Override
  public Integer call() throws Exception {
    if (!model.equals("student") && !model.equals("teacher")) {
      throw new IllegalArgumentException("--model must be student or teacher, was " + model);
    }
    if (!layout.equals("channels-last") && !layout.equals("nchw")) {
      throw new IllegalArgumentException("--layout must be channels-last or nchw, was " + layout);
    }
    // read once when the engine loads, which happens below
    System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
    String previousLayout =
        System.setProperty(
            "netshrink.channels-last", String.valueOf(layout.equals("channels-last")));
    try {
      ImageDataset train = FashionMnist.load(data, true, images);
      try (Model network = Model.newInstance(model)) {
        List<EpochReport> reports = train(network, train);
        List<Double> inference = new ArrayList<>();
        for (int pass = 0; pass < inferencePasses; pass++) {
          long start = System.nanoTime();
          BatchedInference.run(
              network.getBlock(), train, inferenceBatch, (from, size, logits) -> {});
          inference.add(train.count() / ((System.nanoTime() - start) / 1e9));
        }
        System.out.printf(
            Locale.ROOT,
            "{\"impl\": \"netshrink (DJL %s, libtorch %s)\", \"model\": \"%s\","
                + " \"layout\": \"%s\", \"threads\": %d, \"batch\": %d, \"images\": %d,"
                + " \"images_per_second\": %s, \"inference_batch\": %d,"
                + " \"inference_images_per_second\": %s}%n",
            Engine.getDjlVersion(),
            Engine.getInstance().getVersion(),
            model,
            layout,
            threads,
            batch,
            images,
            json(reports.stream().map(EpochReport::imagesPerSecond).toList()),
            inferenceBatch,
            json(inference));
      }
    } finally {
      if (previousLayout == null) {
        System.clearProperty("netshrink.channels-last");
      } else {
        System.setProperty("netshrink.channels-last", previousLayout);
      }
    }
    return 0;
  }

  private List<EpochReport> train(Model network, ImageDataset train) throws Exception {
    if (model.equals("teacher")) {
      network.setBlock(TeacherCnn.build(train.classes()));
      return new TeacherTrainer(settings(3e-3f))
          .train(network, train, null, EpochListener.NONE, () -> false);
    }
    // logits of a random "teacher": the cost of KD does not depend on what the teacher knows
    Random random = new Random(1);
    float[] values = new float[train.count() * train.classes()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian() * 3;
    }
    TeacherLogits teacher = new TeacherLogits(train.count(), train.classes(), values);
    network.setBlock(DepthwiseStudent.build(DepthwiseStudentShape.defaults(train.classes())));
    return new DistillationTrainer(settings(5e-3f), new KnowledgeDistillationLoss(0.5f, 4f))
        .train(network, train, teacher, null, EpochListener.NONE, () -> false);
  }

  private TrainingSettings settings(float learningRate) {
    return TrainingSettings.builder()
        .setEpochs(epochs)
        .setBatchSize(batch)
        .setLearningRate(learningRate)
        .optSeed(1)
        .build();
  }

  private static String json(List<Double> values) {
    return values.stream()
        .map(v -> String.format(Locale.ROOT, "%.1f", v))
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
