package dev.netshrink.workers.model;

import ai.djl.nn.Block;
import dev.netshrink.protocol.spec.StudentShape;
import java.util.List;

/** Builds a network by the architecture name used in campaign specs and `model summary`. */
public final class Architectures {

  public static final String TEACHER_CNN = "teacher-cnn";
  public static final String RESNET18 = "resnet18";
  public static final String DW_STUDENT = "dw-student";
  public static final String HW13_STUDENT = StudentShape.HW13_STUDENT;
  public static final List<String> NAMES = List.of(TEACHER_CNN, RESNET18, DW_STUDENT, HW13_STUDENT);


  private Architectures() {}

  /** The named architecture with its default size, for single-channel images. */
  public static Block create(String name, int classes) {
    return build(name, 1, null, classes);
  }

  /**
   * The named architecture for images of {@code inChannels} channels.
   *
   * @param widths the student's widths (the teacher CNN's stage widths), or null (or empty) for
   *     the defaults; ignored by resnet18
   */
  public static Block build(String name, int inChannels, List<Integer> widths, int classes) {
    return switch (name) {
      case TEACHER_CNN -> widths == null || widths.isEmpty() ? TeacherCnn.build(classes)
          : TeacherCnn.build(classes, widths.stream().mapToInt(Integer::intValue).toArray());
      case RESNET18 -> ResNet18.build(classes);
      case DW_STUDENT, HW13_STUDENT -> DepthwiseStudent.build(studentShape(name, inChannels,
          widths, classes));
      default -> throw new IllegalArgumentException(
          "unknown architecture '" + name + "', expected one of " + NAMES);
    };
  }

  /** The shape of a student architecture ({@code dw-student} or {@code hw13-student}). */
  public static DepthwiseStudentShape studentShape(String name, int inChannels,
      List<Integer> widths, int classes) {
    boolean hw13 = HW13_STUDENT.equals(name);
    int[] w = widths == null || widths.isEmpty()
        ? StudentShape.defaultWidths(name).stream().mapToInt(Integer::intValue).toArray()
        : widths.stream().mapToInt(Integer::intValue).toArray();
    return hw13 ? DepthwiseStudentShape.hw13(inChannels, w, classes)
        : DepthwiseStudentShape.of(inChannels, w, classes);
  }

  public static boolean isStudent(String name) {
    return DW_STUDENT.equals(name) || HW13_STUDENT.equals(name);
  }
}
