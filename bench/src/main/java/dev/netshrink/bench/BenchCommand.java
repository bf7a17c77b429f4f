package dev.netshrink.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.netshrink.workers.data.FashionMnist;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.distill.EpochListener;
import dev.netshrink.workers.distill.TeacherTrainer;
import dev.netshrink.workers.distill.TrainingSettings;
import dev.netshrink.workers.eval.InferenceLatency;
import dev.netshrink.workers.model.DepthwiseStudent;
import dev.netshrink.workers.model.DepthwiseStudentShape;
import dev.netshrink.workers.model.ModelCheckpoint;
import dev.netshrink.workers.model.TeacherCnn;
import dev.netshrink.workers.prune.ChannelRemoval;
import dev.netshrink.workers.prune.ChannelRule;
import dev.netshrink.workers.prune.MagnitudePruning;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `netshrink bench`: the benchmarks of BENCHMARKS.md, in their own module so that no production jar
 * ships them; `./netshrink bench ...` runs this main. Its own subcommand, `bench inference`,
 * measures dense vs masked vs physically pruned latency side by side in one run.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks whose results go into BENCHMARKS.md.",
    subcommands = {
      BenchCommand.Inference.class,
      TrainBench.class,
      FusionBench.class,
      TransportBench.class,
      ScalingBench.class,
      PrunerScalingBench.class,
      OrchestratorBench.class,
      NaiveLoopBench.class,
      LogitsReuseBench.class,
      SearchBench.class,
      PrecisionBench.class,
      MemoryBench.class,
      TorchLatencyBench.class
    })
public final class BenchCommand {

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(commandLine().execute(args));
  }

  /** The bench's command line; enum options take their values in any case (`--grid five`). */
  static CommandLine commandLine() {
    return new CommandLine(new BenchCommand()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Command(
      name = "inference",
      mixinStandardHelpOptions = true,
      description =
          "Inference latency"
              + " of one batch for the dense network, L1-masked (unstructured) and L2 channel-pruned"
              + " (structured) copies at each ratio, measured in turn in every round.")
  static final class Inference implements Callable<Integer> {

    @Option(
        names = "--model",
        defaultValue = "student",
        description = "student (dw-student) or teacher (teacher-cnn) (default: ${DEFAULT-VALUE})")
    String model;

    @Option(
        names = "--ratios",
        split = ",",
        defaultValue = "0.25,0.5,0.75",
        description = "pruning ratios (default: ${DEFAULT-VALUE})")
    List<Double> ratios;

    @Option(names = "--batch", defaultValue = "256", description = "images per batch")
    int batch;

    @Option(
        names = "--rounds",
        defaultValue = "5",
        description = "rounds; each measures every variant once (median of 21 runs)")
    int rounds;

    @Option(names = "--data", defaultValue = "/usr/share/datasets/fashion-mnist")
    Path data;

    @Option(
        names = "--round-to",
        defaultValue = "1",
        description =
            "structured: keep channel counts at multiples of N (default: ${DEFAULT-VALUE})")
    int roundTo;

    @Override
    public Integer call() throws Exception {
      ChannelRule rule = new ChannelRule(2, roundTo);
      ImageDataset train = FashionMnist.load(data, true, 6000);
      ImageDataset images = FashionMnist.load(data, false, batch);
      Shape input = new Shape(1, 1, 28, 28);
      DepthwiseStudentShape shape = DepthwiseStudentShape.defaults(10);
      try (Model trained = Model.newInstance(model);
          NDManager variants = NDManager.newBaseManager()) {
        // trained weights, not random ones: real magnitudes (and any denormals) are part of the
        // cost
        java.util.function.Supplier<Block> network =
            () -> model.equals("teacher") ? TeacherCnn.build(10) : DepthwiseStudent.build(shape);
        trained.setBlock(network.get());
        new TeacherTrainer(
                TrainingSettings.builder()
                    .setEpochs(1)
                    .setBatchSize(64)
                    .setLearningRate(3e-3f)
                    .optSeed(1)
                    .build())
            .train(trained, train, null, EpochListener.NONE, () -> false);
        byte[] weights = ModelCheckpoint.save(trained);
        Map<String, Block> blocks = new LinkedHashMap<>();
        // every variant, dense included, is a copy loaded from the same checkpoint
        Block dense = network.get();
        ModelCheckpoint.load(dense, variants, weights);
        blocks.put("dense", dense);
        for (double ratio : ratios) {
          Block masked = network.get();
          ModelCheckpoint.load(masked, variants, weights);
          MagnitudePruning.pruneConvWeights(masked, ratio);
          blocks.put(label("masked", ratio), masked);
          blocks.put(
              label("structured", ratio),
              model.equals("teacher")
                  ? ChannelRemoval.teacher(
                          trained.getBlock(), 10, g -> ratio, rule, variants, input)
                      .block()
                  : ChannelRemoval.student(
                          trained.getBlock(), shape, g -> ratio, rule, variants, input)
                      .block());
        }
        Map<String, List<Double>> medians = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
          for (Map.Entry<String, Block> e : blocks.entrySet()) {
            medians
                .computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                .add(InferenceLatency.measure(e.getValue(), images, batch).medianSeconds() * 1000);
          }
          System.err.printf(Locale.ROOT, "round %d/%d done%n", round, rounds);
        }
        print(medians);
      }
      return 0;
    }

    private static String label(String kind, double ratio) {
      return String.format(Locale.ROOT, "%s %.2f", kind, ratio);
    }

    private void print(Map<String, List<Double>> medians) {
      double dense = RunStats.of(medians.get("dense")).median();
      System.out.printf(
          Locale.ROOT,
          "%s, batch %d, %d rounds, ms per batch (median of 21 timed"
              + " runs per round)%n%n| variant | min | median | max | vs dense |%n|---|---|---|---|---|%n",
          model,
          batch,
          rounds);
      medians.forEach(
          (name, values) -> {
            RunStats stats = RunStats.of(values);
            System.out.printf(
                Locale.ROOT,
                "| %s | %.2f | %.2f | %.2f | %.2fx |%n",
                name,
                stats.min(),
                stats.median(),
                stats.max(),
                stats.median() / dense);
          });
    }
  }
}
