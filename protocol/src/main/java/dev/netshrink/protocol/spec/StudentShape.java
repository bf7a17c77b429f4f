package dev.netshrink.protocol.spec;

import java.util.List;

/**
 * The parameter count of the depthwise-separable students, by arithmetic, so a campaign over budget
 * is rejected at submission without loading any tensor library. The workers' model reports this
 * same count, and their tests check it against the real DJL model and PyTorch's.
 *
 * <p>Layout: stem conv k x k (in -> w0, no bias) + BN, where k is 3 for {@code dw-student} and 7
 * for {@code hw13-student}; then for each further width a block of depthwise 3x3 (no bias) + BN +
 * pointwise 1x1 (no bias) + BN + ReLU; global average pool; linear w_last -> classes (with bias).
 * BN counts gamma and beta, as torchsummary does.
 */
public final class StudentShape {

  public static final List<Integer> DEFAULT_WIDTHS = List.of(32, 64, 128, 128, 192);

  /**
   * Widths of the default HW13 student: 59,147 parameters for 3x224x224 and 11 classes, under the
   * homework's 60,000 budget (its reference widths 64-64-128-256-C are over it for any C).
   */
  public static final List<Integer> HW13_DEFAULT_WIDTHS = List.of(24, 64, 96, 128, 224);

  /** The default widths of a student architecture. */
  public static List<Integer> defaultWidths(Architecture arch) {
    return arch == Architecture.HW13_STUDENT ? HW13_DEFAULT_WIDTHS : DEFAULT_WIDTHS;
  }

  private StudentShape() {}

  /** The side of the stem convolution: 3 for small images, 7 for the ImageNet-style stem. */
  public static int stemKernel(Architecture student) {
    return switch (student) {
      case DW_STUDENT -> 3;
      case HW13_STUDENT -> 7;
      case TEACHER_CNN, RESNET18, TORCHSCRIPT ->
          throw new IllegalArgumentException(student + " is not a student architecture");
    };
  }

  /** {@code widths} scaled by {@code multiplier}, each rounded and at least 1 channel. */
  public static List<Integer> scaled(List<Integer> widths, double multiplier) {
    return widths.stream().map(w -> (int) Math.max(1, Math.round(w * multiplier))).toList();
  }

  /** Trainable parameters of the {@code student} with these widths, as torchsummary counts them. */
  public static long parameterCount(
      Architecture student, int inChannels, List<Integer> widths, int classes) {
    int stem = stemKernel(student);
    long count = (long) stem * stem * inChannels * widths.get(0) + 2L * widths.get(0);
    for (int i = 1; i < widths.size(); i++) {
      long in = widths.get(i - 1);
      long out = widths.get(i);
      count += 9 * in + 2 * in + in * out + 2 * out;
    }
    long last = widths.get(widths.size() - 1);
    return count + last * classes + classes;
  }
}
