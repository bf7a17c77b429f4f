package dev.netshrink.workers.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import dev.netshrink.protocol.spec.Architecture;
import dev.netshrink.protocol.wire.Json;
import dev.netshrink.workers.model.Architectures;
import dev.netshrink.workers.model.DepthwiseStudentShape;
import dev.netshrink.workers.model.ParameterCounts;
import dev.netshrink.workers.prune.ChannelRemoval;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An exported network, rebuilt by the shipped netshrink_torch.py in Debian's PyTorch
 * (/usr/bin/python3, python3-torch), gives DJL's logits on the same batch within 1e-4 and has the
 * same parameter count; the DJL folder opens again with the project's model classes. Weights and
 * BatchNorm statistics are random, so a mapping that swapped any two would show.
 */
class TorchExportGoldenTest {

  @TempDir Path tmp;

  @Test
  void theDenseStudentRunsTheSameInPyTorch() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      Block block = Architectures.build(Architecture.DW_STUDENT, 1, List.of(), 10);
      check(block, Architecture.DW_STUDENT, List.of(), 1, 28, manager, 1);
    }
  }

  @Test
  void aStudentWithHalfItsChannelsRemovedRunsTheSameInPyTorchAndIsSmaller() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      DepthwiseStudentShape shape = DepthwiseStudentShape.defaults(10);
      Block dense = Architectures.build(Architecture.DW_STUDENT, 1, List.of(), 10);
      initialize(dense, manager, 1, 28, 2);
      ChannelRemoval.Pruned pruned =
          ChannelRemoval.student(dense, shape, 0.5, 2, manager, new Shape(1, 1, 28, 28));
      List<Integer> widths = Arrays.stream(pruned.widths()).boxed().toList();

      Path folder = check(pruned.block(), Architecture.DW_STUDENT, widths, 1, 28, manager, 3);

      assertThat(widths).allSatisfy(w -> assertThat(w).isLessThan(192));
      Path denseFolder = check(dense, Architecture.DW_STUDENT, List.of(), 1, 28, manager, 0);
      assertThat(Files.size(folder.resolve(ModelExport.WEIGHTS)))
          .isLessThan(Files.size(denseFolder.resolve(ModelExport.WEIGHTS)) * 6 / 10);
    }
  }

  @Test
  void aChannelPrunedTeacherRunsTheSameInPyTorch() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      Block dense = Architectures.build(Architecture.TEACHER_CNN, 1, List.of(), 10);
      initialize(dense, manager, 1, 28, 4);
      ChannelRemoval.Pruned pruned =
          ChannelRemoval.teacher(dense, 10, 0.5, 1, manager, new Shape(1, 1, 28, 28));
      List<Integer> widths = Arrays.stream(pruned.widths()).boxed().toList();

      check(pruned.block(), Architecture.TEACHER_CNN, widths, 1, 28, manager, 5);
    }
  }

  @Test
  void theHomeworksStudentOnColourImagesRunsTheSameInPyTorch() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      List<Integer> widths = List.of(16, 32, 48, 64);
      Block block = Architectures.build(Architecture.HW13_STUDENT, 3, widths, 11);
      check(block, Architecture.HW13_STUDENT, widths, 3, 64, manager, 6);
    }
  }

  @Test
  void resNet18DenseAndWithHalfItsChannelsRemovedRunsTheSameInPyTorch() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      Block dense = Architectures.build(Architecture.RESNET18, 3, List.of(), 11);
      initialize(dense, manager, 3, 32, 8);
      ChannelRemoval.Pruned pruned =
          ChannelRemoval.resnet18(dense, 11, 0.5, 2, manager, new Shape(1, 3, 32, 32));
      List<Integer> widths = Arrays.stream(pruned.widths()).boxed().toList();

      Path narrow = check(pruned.block(), Architecture.RESNET18, widths, 3, 32, manager, 9);
      Path full = check(dense, Architecture.RESNET18, List.of(), 3, 32, manager, 0);

      assertThat(widths).hasSize(12);
      assertThat(Files.size(narrow.resolve(ModelExport.WEIGHTS)))
          .isLessThan(Files.size(full.resolve(ModelExport.WEIGHTS)) / 2);
    }
  }

  @Test
  void aFolderThatIsNotEmptyIsRefusedAndLeftAsItWas() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("taken"));
    Files.writeString(folder.resolve("notes.txt"), "mine");
    try (Model model = Model.newInstance("m");
        NDManager manager = NDManager.newBaseManager()) {
      model.setBlock(Architectures.build(Architecture.DW_STUDENT, 1, List.of(), 10));
      initialize(model.getBlock(), model.getNDManager(), 1, 28, 7);
      ModelDescription d = describe(model.getBlock(), Architecture.DW_STUDENT, List.of(), 1, 28);

      assertThatThrownBy(() -> ModelExport.write(model, d, folder, false))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(folder + " is not empty (replace it with --force)");
      try (var left = Files.list(folder)) {
        assertThat(left).containsExactly(folder.resolve("notes.txt"));
      }
      try (var siblings = Files.list(tmp)) {
        assertThat(siblings).as("nothing half-written").containsExactly(folder);
      }
    }
  }

  /**
   * Exports {@code block} (randomized with {@code seed} unless 0) and checks it in PyTorch and in
   * DJL again; returns the folder.
   */
  private Path check(
      Block block,
      Architecture arch,
      List<Integer> widths,
      int channels,
      int size,
      NDManager manager,
      long seed)
      throws Exception {
    if (seed != 0) {
      initialize(block, manager, channels, size, seed);
    }
    Path folder = tmp.resolve(arch.wireName() + "-" + widths + "-" + seed);
    NDArray input = manager.randomNormal(new Shape(8, channels, size, size));
    NDArray expected = logits(block, input);
    try (Model model = Model.newInstance("export")) {
      model.setBlock(block);
      ModelExport.write(model, describe(block, arch, widths, channels, size), folder, false);
    }
    Path inputs = tmp.resolve("inputs-" + seed + ".safetensors");
    Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
    tensors.put("input", tensor(input));
    tensors.put("expected", tensor(expected));
    SafeTensors.write(inputs, tensors, Map.of());

    JsonNode result = python(folder, "--check", inputs.toString());
    System.out.printf("%s %s in PyTorch: %s%n", arch.wireName(), widths, result);

    assertThat(result.get("parameters").asLong()).isEqualTo(ParameterCounts.trainable(block));
    assertThat(result.get("maxAbsDiff").asDouble()).isLessThanOrEqualTo(1e-4);
    try (Model again = ModelExport.load(folder)) {
      NDArray reloaded = logits(again.getBlock(), input.toDevice(input.getDevice(), true));
      assertThat(reloaded.sub(expected).abs().max().getFloat()).isLessThanOrEqualTo(1e-6f);
    }
    return folder;
  }

  private static ModelDescription describe(
      Block block, Architecture arch, List<Integer> widths, int channels, int size) {
    return ModelDescription.of(
        arch, channels, size, size, widths, classesOf(block), ParameterCounts.trainable(block));
  }

  private static int classesOf(Block block) {
    List<Pair<String, Parameter>> all = block.getParameters().stream().toList();
    return Math.toIntExact(all.get(all.size() - 1).getValue().getArray().getShape().get(0));
  }

  private static void initialize(
      Block block, NDManager manager, int channels, int size, long seed) {
    if (!block.isInitialized()) {
      block.initialize(manager, DataType.FLOAT32, new Shape(1, channels, size, size));
    }
    Random random = new Random(seed);
    for (Pair<String, Parameter> p : block.getParameters()) {
      NDArray array = p.getValue().getArray();
      float[] values = new float[Math.toIntExact(array.size())];
      boolean variance = p.getKey().endsWith("runningVar");
      long[] shape = array.getShape().getShape();
      // weights scaled by their fan-in (He), so that deep networks keep activations near 1
      double scale = shape.length > 1 ? Math.sqrt(2.0 * shape[0] / values.length) : 0.3;
      for (int i = 0; i < values.length; i++) {
        values[i] = variance ? 0.5f + random.nextFloat() : (float) (random.nextGaussian() * scale);
      }
      array.set(values);
    }
  }

  private static NDArray logits(Block block, NDArray input) {
    return block
        .forward(new ParameterStore(input.getManager(), false), new NDList(input), false)
        .singletonOrThrow();
  }

  private static SafeTensors.Tensor tensor(NDArray array) {
    return new SafeTensors.Tensor(array.getShape().getShape(), array.toFloatArray());
  }

  /** Runs the folder's netshrink_torch.py in Debian's PyTorch; its one line of JSON. */
  private static JsonNode python(Path folder, String... args)
      throws IOException, InterruptedException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                "/usr/bin/python3",
                folder.resolve(ModelExport.TORCH_MODULE).toString(),
                folder.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue())
        .as("python3 (needs python3-torch, which ./netshrink test installs):%n%s", out)
        .isZero();
    List<String> lines = out.strip().lines().toList();
    return Json.MAPPER.readTree(lines.get(lines.size() - 1));
  }
}
