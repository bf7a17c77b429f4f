package dev.netshrink.workers.model;

import ai.djl.nn.Block;
import dev.netshrink.protocol.spec.Architecture;
import dev.netshrink.protocol.spec.StudentShape;
import java.util.Arrays;
import java.util.List;

/** Builds the network of each {@link Architecture} a campaign spec or `model summary` names. */
public final class Architectures {

  /** What {@link #build} builds: all but a TorchScript teacher, which is read from its file. */
  public static final List<Architecture> BUILT =
      Arrays.stream(Architecture.values()).filter(a -> a != Architecture.TORCHSCRIPT).toList();

  private Architectures() {}

  /** The architecture with its default size, for single-channel images. */
  public static Block create(Architecture arch, int classes) {
    return build(arch, 1, null, classes);
  }

  /**
   * The architecture for images of {@code inChannels} channels.
   *
   * @param widths the student's widths (the teacher CNN's stage widths), or null (or empty) for the
   *     defaults; for resnet18, none or the 12 that channel pruning leaves (4 stage widths, then 8
   *     inner ones)
   */
  public static Block build(Architecture arch, int inChannels, List<Integer> widths, int classes) {
    return switch (arch) {
      case TEACHER_CNN ->
          widths == null || widths.isEmpty()
              ? TeacherCnn.build(classes)
              : TeacherCnn.build(classes, widths.stream().mapToInt(Integer::intValue).toArray());
      case RESNET18 ->
          widths == null || widths.isEmpty()
              ? ResNet18.build(classes)
              : ResNet18.build(
                  classes,
                  widths.subList(0, 4).stream().mapToInt(Integer::intValue).toArray(),
                  widths.subList(4, widths.size()).stream().mapToInt(Integer::intValue).toArray());
      case DW_STUDENT, HW13_STUDENT ->
          DepthwiseStudent.build(studentShape(arch, inChannels, widths, classes));
      case TORCHSCRIPT ->
          throw new IllegalArgumentException(
              "a torchscript teacher is not built but loaded from its file (TorchScriptTeacher)");
    };
  }

  /** The shape of a student architecture ({@code dw-student} or {@code hw13-student}). */
  public static DepthwiseStudentShape studentShape(
      Architecture arch, int inChannels, List<Integer> widths, int classes) {
    int[] w =
        (widths == null || widths.isEmpty() ? StudentShape.defaultWidths(arch) : widths)
            .stream().mapToInt(Integer::intValue).toArray();
    return switch (arch) {
      case DW_STUDENT -> DepthwiseStudentShape.of(inChannels, w, classes);
      case HW13_STUDENT -> DepthwiseStudentShape.hw13(inChannels, w, classes);
      case TEACHER_CNN, RESNET18, TORCHSCRIPT ->
          throw new IllegalArgumentException(arch + " is not a student architecture");
    };
  }
}
