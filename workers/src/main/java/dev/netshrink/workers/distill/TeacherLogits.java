package dev.netshrink.workers.distill;

import java.util.Arrays;
import java.util.Objects;

/**
 * A teacher's raw logits (no softmax) for a set of images, the students' soft targets: {@code
 * images x classes} values, row-major, row {@code i} for image {@code i}. With {@code mirrored}
 * (else null), the same rows for each image flipped left to right: a flipped image is another input
 * and gets other logits, so a student trained with random flips needs both views. Checked once
 * here, so readers, writers and trainers need not. The values are shared, not copied: a training
 * set's logits are megabytes.
 */
public record TeacherLogits(int images, int classes, float[] values, float[] mirrored) {

  /** Logits of the images as they are, without the mirrored view. */
  public TeacherLogits(int images, int classes, float[] values) {
    this(images, classes, values, null);
  }

  public TeacherLogits {
    if (images < 0
        || classes <= 0
        || values.length != (long) images * classes
        || (mirrored != null && mirrored.length != values.length)) {
      throw new IllegalArgumentException(
          "teacher logits of "
              + values.length
              + " values are not "
              + images
              + " images x "
              + classes
              + " classes"
              + (mirrored == null ? "" : " (or the mirrored view has " + mirrored.length + ")"));
    }
  }

  /** Whether the logits of the mirrored images are here too. */
  public boolean hasMirrored() {
    return mirrored != null;
  }

  /** A copy of the rows of images {@code [from, from + count)}, row-major. */
  public float[] rows(int from, int count) {
    return copyRows(values, from, count);
  }

  /** Like {@link #rows}, of the mirrored view. */
  public float[] mirroredRows(int from, int count) {
    if (mirrored == null) {
      throw new IllegalStateException(this + " has no mirrored view");
    }
    return copyRows(mirrored, from, count);
  }

  private float[] copyRows(float[] matrix, int from, int count) {
    Objects.checkFromIndexSize(from, count, images); // copyOfRange would pad with zeros
    return Arrays.copyOfRange(matrix, from * classes, (from + count) * classes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TeacherLogits that
        && images == that.images
        && classes == that.classes
        && Arrays.equals(values, that.values)
        && Arrays.equals(mirrored, that.mirrored);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * images + classes) + Arrays.hashCode(values))
        + Arrays.hashCode(mirrored);
  }

  @Override
  public String toString() {
    return "TeacherLogits["
        + images
        + " images x "
        + classes
        + " classes"
        + (mirrored == null ? "" : ", both views")
        + "]";
  }
}
