package dev.netshrink.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.JsonNode;
import dev.netshrink.protocol.spec.Architecture;
import dev.netshrink.protocol.wire.Json;
import dev.netshrink.workers.export.ModelDescription;
import dev.netshrink.workers.export.ModelExport;
import dev.netshrink.workers.model.Architectures;
import dev.netshrink.workers.model.DepthwiseStudentShape;
import dev.netshrink.workers.model.ParameterCounts;
import dev.netshrink.workers.prune.ChannelRemoval;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `bench torch-latency`: what a user who takes the models away sees. The dense network and copies
 * with channels removed (L2 structured) are exported with `ModelExport` and timed in Debian's
 * PyTorch by the shipped netshrink_torch.py (channels-last, inference mode, matched threads), every
 * variant once per round, each round a fresh python3 process.
 */
@Command(
    name = "torch-latency",
    mixinStandardHelpOptions = true,
    description = "Exported dense vs channel-pruned networks, timed in PyTorch.")
final class TorchLatencyBench implements Callable<Integer> {

  @Option(names = "--model", defaultValue = "student", description = "student or teacher")
  String model;

  @Option(names = "--ratios", split = ",", defaultValue = "0.5,0.75")
  List<Double> ratios;

  @Option(names = "--batch", defaultValue = "256")
  int batch;

  @Option(names = "--threads", defaultValue = "2", description = "PyTorch intra-op threads")
  int threads;

  @Option(names = "--rounds", defaultValue = "5")
  int rounds;

  @Override
  public Integer call() throws Exception {
    Path tmp = Files.createTempDirectory("netshrink-bench-torch");
    Architecture arch =
        model.equals("teacher") ? Architecture.TEACHER_CNN : Architecture.DW_STUDENT;
    Map<String, Path> variants = new LinkedHashMap<>();
    Map<String, long[]> sizes = new LinkedHashMap<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      Shape input = new Shape(1, 1, 28, 28);
      Block dense = Architectures.build(arch, 1, List.of(), 10);
      dense.initialize(manager, DataType.FLOAT32, input);
      export("dense", arch, dense, List.of(), tmp, variants, sizes);
      for (double ratio : ratios) {
        ChannelRemoval.Pruned pruned =
            arch == Architecture.DW_STUDENT
                ? ChannelRemoval.student(
                    dense, DepthwiseStudentShape.defaults(10), ratio, 2, manager, input)
                : ChannelRemoval.teacher(dense, 10, ratio, 2, manager, input);
        export(
            String.format(Locale.ROOT, "structured %.2f", ratio),
            arch,
            pruned.block(),
            Arrays.stream(pruned.widths()).boxed().toList(),
            tmp,
            variants,
            sizes);
      }
    }
    Map<String, List<Double>> medians = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      for (var v : variants.entrySet()) {
        medians.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add(latency(v.getValue()));
      }
    }
    double base = RunStats.of(medians.get("dense")).median();
    System.out.printf(
        Locale.ROOT,
        "%s (%s) exported and run in PyTorch %s: batch %d, %d thread(s), channels-last,"
            + " inference mode; %d rounds, each the median of 15 passes in a fresh process%n%n"
            + "| variant | parameters | weights bytes | ms per batch (min / median / max) | vs dense |%n"
            + "|---|---|---|---|---|%n",
        model,
        arch.wireName(),
        torchVersion(),
        batch,
        threads,
        rounds);
    medians.forEach(
        (name, values) -> {
          RunStats s = RunStats.of(values);
          System.out.printf(
              Locale.ROOT,
              "| %s | %,d | %,d | %.2f / %.2f / %.2f | %.2fx |%n",
              name,
              sizes.get(name)[0],
              sizes.get(name)[1],
              s.min(),
              s.median(),
              s.max(),
              s.median() / base);
        });
    return 0;
  }

  private static void export(
      String name,
      Architecture arch,
      Block block,
      List<Integer> widths,
      Path tmp,
      Map<String, Path> variants,
      Map<String, long[]> sizes)
      throws Exception {
    Path folder = tmp.resolve(name.replace(' ', '-'));
    long parameters = ParameterCounts.trainable(block);
    try (Model m = Model.newInstance(name)) {
      m.setBlock(block);
      ModelExport.write(
          m, ModelDescription.of(arch, 1, 28, 28, widths, 10, parameters), folder, false);
    }
    variants.put(name, folder);
    sizes.put(name, new long[] {parameters, Files.size(folder.resolve(ModelExport.WEIGHTS))});
  }

  private double latency(Path folder) throws Exception {
    Process p =
        new ProcessBuilder(
                "/usr/bin/python3",
                folder.resolve(ModelExport.TORCH_MODULE).toString(),
                folder.toString(),
                "--latency",
                "--batch",
                String.valueOf(batch),
                "--rounds",
                "15",
                "--threads",
                String.valueOf(threads))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("python3 failed:\n" + out);
    }
    List<String> lines = out.lines().toList();
    JsonNode result = Json.MAPPER.readTree(lines.get(lines.size() - 1));
    return result.get("ms").get("median").asDouble();
  }

  private static String torchVersion() throws Exception {
    Process p =
        new ProcessBuilder("/usr/bin/python3", "-c", "import torch; print(torch.__version__)")
            .redirectErrorStream(true)
            .start();
    String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    p.waitFor();
    return v;
  }
}
