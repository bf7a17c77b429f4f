package dev.netshrink.workers.export;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.netshrink.protocol.wire.Json;
import dev.netshrink.workers.model.Architectures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A network taken out of netshrink, in one folder: {@code model.json} (its {@link
 * ModelDescription}), {@code weights.safetensors} (its parameters under the names of the PyTorch
 * module that {@code python/netshrink_torch.py} builds from the description), and {@code djl/}, a
 * DJL model directory that {@link #load} opens with the project's model classes, and a copy of
 * {@code netshrink_torch.py}. A folder is written whole or not at all.
 */
public final class ModelExport {

  public static final String DESCRIPTION = "model.json";
  public static final String WEIGHTS = "weights.safetensors";
  public static final String DJL_DIR = "djl";
  static final String DJL_NAME = "model";

  /** The Python module that rebuilds the network in PyTorch; each export carries a copy. */
  public static final String TORCH_MODULE = "netshrink_torch.py";

  private ModelExport() {}

  /**
   * Writes {@code model} (initialized, with its parameters) as {@code description} says into {@code
   * dir}, which must not exist or be empty unless {@code replace}.
   */
  public static void write(Model model, ModelDescription description, Path dir, boolean replace)
      throws IOException {
    if (Files.isDirectory(dir) && !replace && !isEmpty(dir)) {
      throw new IllegalArgumentException(dir + " is not empty (replace it with --force)");
    }
    Path parent = dir.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path partial = Files.createTempDirectory(parent, dir.getFileName() + ".partial");
    try {
      Json.MAPPER
          .writerWithDefaultPrettyPrinter()
          .writeValue(partial.resolve(DESCRIPTION).toFile(), description);
      SafeTensors.write(
          partial.resolve(WEIGHTS),
          torchTensors(model.getBlock(), description),
          Map.of("format", "pt", "netshrink", ModelDescription.FORMAT));
      model.save(partial.resolve(DJL_DIR), DJL_NAME);
      try (InputStream module = ModelExport.class.getResourceAsStream(TORCH_MODULE)) {
        Files.copy(module, partial.resolve(TORCH_MODULE));
      }
      if (Files.exists(dir)) {
        deleteTree(dir);
      }
      Files.move(partial, dir);
    } catch (IOException | RuntimeException e) {
      deleteTree(partial);
      throw e;
    }
  }

  /** Opens an exported folder's DJL model: the block built from model.json, then its parameters. */
  public static Model load(Path dir) throws IOException, MalformedModelException {
    ModelDescription d =
        Json.MAPPER.readValue(dir.resolve(DESCRIPTION).toFile(), ModelDescription.class);
    Model model = Model.newInstance(DJL_NAME);
    model.setBlock(Architectures.build(d.arch(), d.inChannels(), d.widths(), d.classes()));
    model
        .getBlock()
        .initialize(
            model.getNDManager(),
            DataType.FLOAT32,
            new Shape(1, d.inChannels(), d.height(), d.width()));
    model.load(dir.resolve(DJL_DIR), DJL_NAME);
    return model;
  }

  /**
   * The block's parameters (BatchNorm running statistics included) named {@code <layer>.<name>}
   * after the description's layers, in DJL's order of them; a shape that does not fit the layer
   * fails here rather than in PyTorch.
   */
  static Map<String, SafeTensors.Tensor> torchTensors(Block block, ModelDescription d) {
    List<Parameter> parameters = new ArrayList<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      parameters.add(p.getValue());
    }
    Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
    int next = 0;
    for (Map.Entry<String, Layer> entry : leaves("", d.layers()).entrySet()) {
      Layer layer = entry.getValue();
      String[] names = layer.torchNames();
      for (int k = 0; k < names.length; k++) {
        if (next >= parameters.size()) {
          throw new IllegalStateException("the network has fewer parameters than " + d.arch());
        }
        NDArray array = parameters.get(next++).getArray();
        long[] shape = array.getShape().getShape();
        long[] expected = expectedShape(layer, k);
        if (!Arrays.equals(shape, expected)) {
          throw new IllegalStateException(
              "layer "
                  + entry.getKey()
                  + " ("
                  + layer
                  + ") "
                  + names[k]
                  + " has shape "
                  + Arrays.toString(shape)
                  + ", expected "
                  + Arrays.toString(expected));
        }
        tensors.put(
            entry.getKey() + "." + names[k], new SafeTensors.Tensor(shape, array.toFloatArray()));
      }
    }
    if (next != parameters.size()) {
      throw new IllegalStateException(
          "the network has " + parameters.size() + " parameter arrays, the description " + next);
    }
    return tensors;
  }

  /**
   * Every layer that is not a residual block, by its PyTorch module path ({@code 4.main.0}), in
   * DJL's parameter order: a residual block's main branch, then its shortcut.
   */
  private static Map<String, Layer> leaves(String prefix, List<Layer> layers) {
    Map<String, Layer> leaves = new LinkedHashMap<>();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      String path = prefix + i;
      if (layer instanceof Layer.Residual r) {
        leaves.putAll(leaves(path + ".main.", r.main()));
        leaves.putAll(leaves(path + ".shortcut.", r.shortcut()));
      } else {
        leaves.put(path, layer);
      }
    }
    return leaves;
  }

  private static long[] expectedShape(Layer layer, int index) {
    if (layer instanceof Layer.Conv2d c) {
      return index == 0
          ? new long[] {c.out(), c.in() / c.groups(), c.kernel(), c.kernel()}
          : new long[] {c.out()};
    }
    if (layer instanceof Layer.BatchNorm2d b) {
      return new long[] {b.channels()};
    }
    if (layer instanceof Layer.Linear l) {
      return index == 0 ? new long[] {l.out(), l.in()} : new long[] {l.out()};
    }
    throw new IllegalStateException(layer + " has no parameters");
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  /** Deletes {@code root} and everything under it, if it exists. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      all.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
