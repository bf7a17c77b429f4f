package dev.netshrink.workers.runtime;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.netshrink.protocol.spec.Architecture;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.model.Architectures;
import dev.netshrink.workers.model.ModelCheckpoint;
import dev.netshrink.workers.prune.StructuredSweep;
import java.util.List;

/**
 * Builds the network a job names (architecture + widths) for a dataset's image shape, and says how
 * its channels couple for channel pruning.
 */
final class Networks {

  private Networks() {}

  static Model build(Architecture arch, List<Integer> widths, ImageDataset like) {
    Block block = Architectures.build(arch, like.channels(), widths, like.classes());
    Model model = Model.newInstance(arch.wireName());
    model.setBlock(block);
    return model;
  }

  /** Builds, initializes and loads a checkpoint's parameters. */
  static Model load(Architecture arch, List<Integer> widths, ImageDataset like, byte[] parameters)
      throws MalformedModelException {
    Model model = build(arch, widths, like);
    model
        .getBlock()
        .initialize(
            model.getNDManager(),
            DataType.FLOAT32,
            new Shape(1, like.channels(), like.height(), like.width()));
    ModelCheckpoint.load(model, parameters);
    return model;
  }

  /** {@code model} (of {@code arch} with {@code widths}) as a network whose channels can go. */
  static StructuredSweep.Target structured(
      Architecture arch, List<Integer> widths, Model model, ImageDataset like) {
    return switch (arch) {
      case DW_STUDENT, HW13_STUDENT ->
          new StructuredSweep.Target.Student(
              model.getBlock(),
              Architectures.studentShape(arch, like.channels(), widths, like.classes()));
      case TEACHER_CNN -> new StructuredSweep.Target.TeacherCnn(model.getBlock(), like.classes());
      case RESNET18 -> new StructuredSweep.Target.ResNet18(model.getBlock(), like.classes());
      case TORCHSCRIPT ->
          throw new UnsupportedOperationException(
              "structured pruning of " + arch + " is not supported");
    };
  }
}
