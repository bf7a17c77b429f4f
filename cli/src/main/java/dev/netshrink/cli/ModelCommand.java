package dev.netshrink.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.netshrink.protocol.spec.Architecture;
import dev.netshrink.protocol.wire.WireName;
import dev.netshrink.workers.model.Architectures;
import dev.netshrink.workers.model.ModelSummary;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** `model summary`: a network's layers, output shapes and parameter counts, before any campaign. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = "Inspect the architectures campaigns can use.",
    subcommands = {ModelCommand.Summary.class})
final class ModelCommand {

  @Command(
      name = "summary",
      mixinStandardHelpOptions = true,
      description =
          "Print a torchsummary-style table: layer, output shape, parameters, and the "
              + "totals (the parameter count a student's maxParams budget is checked against).")
  static final class Summary implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--arch",
        required = true,
        description = "one of: teacher-cnn, resnet18, dw-student, hw13-student")
    String archName;

    @Option(
        names = "--input",
        defaultValue = "3x224x224",
        description = "image shape CxHxW (default: ${DEFAULT-VALUE})")
    String input;

    @Option(
        names = "--classes",
        defaultValue = "11",
        description = "outputs of the classifier (default: ${DEFAULT-VALUE})")
    int classes;

    @Option(
        names = "--widths",
        split = ",",
        description = "student widths, e.g. 24,64,96,128,224 (default: the architecture's)")
    List<Integer> widths;

    @Override
    public Integer call() {
      Architecture arch =
          WireName.find(Architecture.class, archName)
              .filter(Architectures.BUILT::contains)
              .orElseThrow(
                  () ->
                      new ParameterException(
                          spec.commandLine(),
                          "--arch: '" + archName + "' is not one of " + Architectures.BUILT));
      Shape image = parseShape();
      try (NDManager manager = NDManager.newBaseManager()) {
        Block block = Architectures.build(arch, (int) image.get(1), widths, classes);
        block.initialize(manager, DataType.FLOAT32, image);
        System.out.print(ModelSummary.format(block, image));
      }
      return 0;
    }

    private Shape parseShape() {
      String[] parts = input.toLowerCase(java.util.Locale.ROOT).split("x", -1);
      try {
        if (parts.length == 3) {
          long c = Long.parseLong(parts[0]);
          long h = Long.parseLong(parts[1]);
          long w = Long.parseLong(parts[2]);
          if (c > 0 && h > 0 && w > 0) {
            return new Shape(1, c, h, w);
          }
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new ParameterException(
          spec.commandLine(),
          "--input: '" + input + "' is not a shape CxHxW of positive numbers, e.g. 3x224x224");
    }
  }
}
