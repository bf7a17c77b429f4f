package dev.netshrink.bench;

import ai.djl.Model;
import dev.netshrink.protocol.wire.Half;
import dev.netshrink.workers.data.FashionMnist;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.distill.DistillationTrainer;
import dev.netshrink.workers.distill.EpochListener;
import dev.netshrink.workers.distill.KnowledgeDistillationLoss;
import dev.netshrink.workers.distill.LogitsComputer;
import dev.netshrink.workers.distill.TeacherLogits;
import dev.netshrink.workers.distill.TeacherTrainer;
import dev.netshrink.workers.distill.TrainingSettings;
import dev.netshrink.workers.eval.Evaluator;
import dev.netshrink.workers.model.DepthwiseStudent;
import dev.netshrink.workers.model.DepthwiseStudentShape;
import dev.netshrink.workers.model.TeacherCnn;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `bench fp16`: does sending teacher logits as fp16 change what the student learns? One teacher,
 * its logits kept as fp32 and as fp16 (through the same {@link Half} codec the wire uses); every
 * trial of an alpha x T grid trains twice from the same seed, once on each, and both students are
 * tested on the whole test split. A third run on fp32 with another seed shows how far two students
 * differ by chance alone.
 */
@Command(
    name = "fp16",
    mixinStandardHelpOptions = true,
    description =
        "Final student accuracy" + " with fp16 teacher logits against fp32, trial by trial.")
final class PrecisionBench implements Callable<Integer> {

  @Option(names = "--images", defaultValue = "10000")
  int images;

  @Option(names = "--epochs", defaultValue = "2")
  int epochs;

  @Option(names = "--alphas", split = ",", defaultValue = "0.5,0.9")
  List<Float> alphas;

  @Option(names = "--temperatures", split = ",", defaultValue = "1,2,4,8")
  List<Float> temperatures;

  @Option(names = "--data", defaultValue = "/usr/share/datasets/fashion-mnist")
  Path data;

  @Override
  public Integer call() throws Exception {
    System.setProperty(
        "ai.djl.pytorch.num_threads", String.valueOf(Runtime.getRuntime().availableProcessors()));
    ImageDataset train = FashionMnist.load(data, true, images);
    ImageDataset test = FashionMnist.load(data, false, 0);
    TeacherLogits fp32;
    try (Model teacher = Model.newInstance("teacher")) {
      teacher.setBlock(TeacherCnn.build(train.classes()));
      new TeacherTrainer(settings(1, 3e-3f))
          .train(teacher, train, null, EpochListener.NONE, () -> false);
      fp32 = LogitsComputer.compute(teacher, train, 256);
    }
    float[] halves = new float[fp32.values().length];
    for (int i = 0; i < halves.length; i++) {
      halves[i] = Half.toFloat(Half.fromFloat(fp32.values()[i]));
    }
    TeacherLogits fp16 = new TeacherLogits(fp32.images(), fp32.classes(), halves);
    System.out.printf(
        Locale.ROOT,
        "student %d epochs on %,d images, tested on all %,d test images"
            + "%n%n| alpha | T | fp32 | fp16 | fp16 - fp32 (points) | fp32, other seed - fp32 |%n"
            + "|---|---|---|---|---|---|%n",
        epochs,
        images,
        test.count());
    List<Double> precisionGaps = new ArrayList<>();
    List<Double> signedGaps = new ArrayList<>();
    List<Double> seedGaps = new ArrayList<>();
    for (float alpha : alphas) {
      for (float temperature : temperatures) {
        double a32 = student(train, test, fp32, alpha, temperature, 1);
        double a16 = student(train, test, fp16, alpha, temperature, 1);
        double other = student(train, test, fp32, alpha, temperature, 2);
        precisionGaps.add(Math.abs(a16 - a32) * 100);
        signedGaps.add((a16 - a32) * 100);
        seedGaps.add(Math.abs(other - a32) * 100);
        System.out.printf(
            Locale.ROOT,
            "| %.2f | %.0f | %.4f | %.4f | %+.2f | %+.2f |%n",
            alpha,
            temperature,
            a32,
            a16,
            (a16 - a32) * 100,
            (other - a32) * 100);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%nmean fp16 - fp32 %+.3f points; mean |fp16 - fp32| %.3f points"
            + " (max %.2f); mean |other seed - fp32| %.3f points (max %.2f)%n",
        signedGaps.stream().mapToDouble(d -> d).average().orElse(0),
        precisionGaps.stream().mapToDouble(d -> d).average().orElse(0),
        precisionGaps.stream().mapToDouble(d -> d).max().orElse(0),
        seedGaps.stream().mapToDouble(d -> d).average().orElse(0),
        seedGaps.stream().mapToDouble(d -> d).max().orElse(0));
    return 0;
  }

  private double student(
      ImageDataset train,
      ImageDataset test,
      TeacherLogits logits,
      float alpha,
      float temperature,
      long seed)
      throws Exception {
    try (Model student = Model.newInstance("student")) {
      student.setBlock(DepthwiseStudent.build(DepthwiseStudentShape.defaults(train.classes())));
      new DistillationTrainer(
              TrainingSettings.builder()
                  .setEpochs(epochs)
                  .setBatchSize(64)
                  .setLearningRate(5e-3f)
                  .optCosineDecay(true)
                  .optSeed(seed)
                  .build(),
              new KnowledgeDistillationLoss(alpha, temperature))
          .train(student, train, logits, null, EpochListener.NONE, () -> false);
      return Evaluator.accuracy(student, test, 256);
    }
  }

  private TrainingSettings settings(int teacherEpochs, float learningRate) {
    return TrainingSettings.builder()
        .setEpochs(teacherEpochs)
        .setBatchSize(64)
        .setLearningRate(learningRate)
        .optSeed(1)
        .build();
  }
}
