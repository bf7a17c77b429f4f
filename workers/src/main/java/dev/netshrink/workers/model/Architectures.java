package dev.netshrink.workers.model;

import ai.djl.nn.Block;
import java.util.List;

/** Builds a network by the architecture name used in campaign specs. */
public final class Architectures {

  public static final String TEACHER_CNN = "teacher-cnn";
  public static final String DW_STUDENT = "dw-student";
  public static final List<String> NAMES = List.of(TEACHER_CNN, DW_STUDENT);

  private Architectures() {}

  /** The named architecture with its default size, for single-channel images. */
  public static Block create(String name, int classes) {
    return switch (name) {
      case TEACHER_CNN -> TeacherCnn.build(classes);
      case DW_STUDENT -> DepthwiseStudent.build(DepthwiseStudentShape.defaults(classes));
      default -> throw new IllegalArgumentException(
          "unknown architecture '" + name + "', expected one of " + NAMES);
    };
  }
}
