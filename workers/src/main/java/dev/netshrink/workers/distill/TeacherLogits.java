package dev.netshrink.workers.distill;

import java.util.Arrays;
import java.util.Objects;

/**
 * A teacher's raw logits (no softmax) for a set of images, the students' soft targets: {@code
 * images x classes} values, row-major, row {@code i} for image {@code i}. Checked once here, so
 * readers, writers and trainers need not. The values are shared, not copied: a training set's
 * logits are megabytes.
 */
public record TeacherLogits(int images, int classes, float[] values) {

  public TeacherLogits {
    if (images < 0 || classes <= 0 || values.length != (long) images * classes) {
      throw new IllegalArgumentException(
          "teacher logits of "
              + values.length
              + " values are not "
              + images
              + " images x "
              + classes
              + " classes");
    }
  }

  /** A copy of the rows of images {@code [from, from + count)}, row-major. */
  public float[] rows(int from, int count) {
    Objects.checkFromIndexSize(from, count, images); // copyOfRange would pad with zeros
    return Arrays.copyOfRange(values, from * classes, (from + count) * classes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TeacherLogits that
        && images == that.images
        && classes == that.classes
        && Arrays.equals(values, that.values);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * images + classes) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "TeacherLogits[" + images + " images x " + classes + " classes]";
  }
}
