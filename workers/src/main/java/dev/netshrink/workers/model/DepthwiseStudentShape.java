package dev.netshrink.workers.model;

import dev.netshrink.protocol.spec.Architecture;
import dev.netshrink.protocol.spec.StudentShape;
import java.util.Arrays;

/**
 * The shape of a depthwise-separable student ({@code dw-student} or {@code hw13-student}): a stem
 * to {@code widths[0]} channels, then one block per further width (depthwise 3x3 + BN, pointwise
 * 1x1 + BN, ReLU), global average pooling and a linear classifier.
 *
 * <p>Deliberately free of DJL so that it can move to the protocol module: the orchestrator sizes
 * and validates students (parameter budgets, pruned widths) without loading an engine.
 */
public record DepthwiseStudentShape(
    Architecture architecture, int inChannels, int[] widths, int[] strides, int classes) {

  /** Widths of the default student: 58,378 parameters for 10 classes (torchsummary's count). */
  private static final int[] DEFAULT_WIDTHS =
      StudentShape.DEFAULT_WIDTHS.stream().mapToInt(Integer::intValue).toArray();

  /** A {@code dw-student}: the small-image stem (3x3 conv, stride 1, no pooling). */
  public DepthwiseStudentShape(int inChannels, int[] widths, int[] strides, int classes) {
    this(Architecture.DW_STUDENT, inChannels, widths, strides, classes);
  }

  public DepthwiseStudentShape {
    StudentShape.stemKernel(architecture); // throws unless architecture is a student
    if (inChannels <= 0 || classes <= 0 || widths.length == 0) {
      throw new IllegalArgumentException(
          "need inChannels > 0, classes > 0 and at least the stem width");
    }
    if (strides.length != widths.length - 1) {
      throw new IllegalArgumentException(
          widths.length - 1 + " blocks need as many strides, got " + strides.length);
    }
    for (int width : widths) {
      if (width <= 0) {
        throw new IllegalArgumentException("widths must be positive: " + Arrays.toString(widths));
      }
    }
    for (int stride : strides) {
      if (stride != 1 && stride != 2) {
        throw new IllegalArgumentException("strides must be 1 or 2: " + Arrays.toString(strides));
      }
    }
    widths = widths.clone();
    strides = strides.clone();
  }

  /** A student with {@link #defaultStrides(int) default strides}. */
  public static DepthwiseStudentShape of(int inChannels, int[] widths, int classes) {
    return new DepthwiseStudentShape(
        inChannels, widths, defaultStrides(widths.length - 1), classes);
  }

  /**
   * The student of the reference homework (HW13) for 224x224 images: an ImageNet-style stem (7x7
   * conv stride 2 + BN + ReLU + 3x3 max-pool stride 2), then blocks whose first keeps the
   * resolution and the others halve it; e.g. widths 64-64-128-256-C.
   */
  public static DepthwiseStudentShape hw13(int inChannels, int[] widths, int classes) {
    int[] strides = new int[widths.length - 1];
    for (int i = 0; i < strides.length; i++) {
      strides[i] = i == 0 ? 1 : 2;
    }
    return new DepthwiseStudentShape(
        Architecture.HW13_STUDENT, inChannels, widths, strides, classes);
  }

  /** The same student with other widths (what structured pruning leaves). */
  public DepthwiseStudentShape withWidths(int[] newWidths) {
    return new DepthwiseStudentShape(architecture, inChannels, newWidths, strides, classes);
  }

  /** Whether the stem is ImageNet-style (7x7 stride 2, then a max-pool): hw13-student's. */
  public boolean imagenetStem() {
    return architecture == Architecture.HW13_STUDENT;
  }

  /** Stem kernel size: 7 for the ImageNet stem, 3 for small images. */
  public int stemKernel() {
    return StudentShape.stemKernel(architecture);
  }

  /** The default student for single-channel images. */
  public static DepthwiseStudentShape defaults(int classes) {
    return of(1, DEFAULT_WIDTHS, classes);
  }

  public static int[] defaultWidths() {
    return DEFAULT_WIDTHS.clone();
  }

  /**
   * Strides by block position, not by width, so that pruning a block's width never changes where
   * the network downsamples: the first two blocks halve the resolution (28 -> 14 -> 7), later ones
   * every second block (7 -> 4 -> 2). Measured on the default widths (3 KD epochs on 30,000
   * images): 89.5% at 1,580 training images/s, against 89.3% at 965/s when downsampling at blocks 0
   * and 2 only.
   */
  public static int[] defaultStrides(int blocks) {
    int[] strides = new int[blocks];
    for (int i = 0; i < blocks; i++) {
      strides[i] = i == 0 || i % 2 == 1 ? 2 : 1;
    }
    return strides;
  }

  /**
   * Trainable parameters, counted as torchsummary counts them: convolution weights (no biases),
   * BatchNorm gamma and beta (running statistics are buffers), linear weight and bias. The count is
   * the protocol module's, the one a spec's budget is checked against at submission.
   */
  public long parameterCount() {
    return StudentShape.parameterCount(
        architecture, inChannels, Arrays.stream(widths).boxed().toList(), classes);
  }

  @Override
  public int[] widths() {
    return widths.clone();
  }

  @Override
  public int[] strides() {
    return strides.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DepthwiseStudentShape that
        && architecture == that.architecture
        && inChannels == that.inChannels
        && classes == that.classes
        && Arrays.equals(widths, that.widths)
        && Arrays.equals(strides, that.strides);
  }

  @Override
  public int hashCode() {
    return 31
            * (31 * (31 * (31 * architecture.hashCode() + inChannels) + classes)
                + Arrays.hashCode(widths))
        + Arrays.hashCode(strides);
  }

  @Override
  public String toString() {
    return "DepthwiseStudentShape["
        + architecture
        + ", in="
        + inChannels
        + ", widths="
        + Arrays.toString(widths)
        + ", strides="
        + Arrays.toString(strides)
        + ", classes="
        + classes
        + "]";
  }
}
