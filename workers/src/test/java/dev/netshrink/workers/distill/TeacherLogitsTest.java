package dev.netshrink.workers.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TeacherLogitsTest {

  private final TeacherLogits logits = new TeacherLogits(3, 2, new float[] {1, 2, 3, 4, 5, 6});

  @Test
  void valuesMustFillImagesTimesClasses() {
    assertThatThrownBy(() -> new TeacherLogits(3, 2, new float[5]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("teacher logits of 5 values are not 3 images x 2 classes");
    assertThatThrownBy(() -> new TeacherLogits(0, 0, new float[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TeacherLogits(-1, -2, new float[2]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aProductBeyondIntRangeIsNotMistakenForAFit() {
    // 65,536 x 65,536 overflows an int to 0, which an empty array would match
    assertThatThrownBy(() -> new TeacherLogits(65_536, 65_536, new float[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rowsAreACopyOfConsecutiveImages() {
    float[] middle = logits.rows(1, 2);

    assertThat(middle).containsExactly(3, 4, 5, 6);
    middle[0] = 99;
    assertThat(logits.values()[2]).isEqualTo(3);
  }

  @Test
  void rowsOutsideTheImagesAreAnError() {
    assertThatThrownBy(() -> logits.rows(2, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> logits.rows(-1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void equalLogitsAreEqualValues() {
    var same = new TeacherLogits(3, 2, new float[] {1, 2, 3, 4, 5, 6});
    var transposed = new TeacherLogits(2, 3, new float[] {1, 2, 3, 4, 5, 6});

    assertThat(logits).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(transposed);
    assertThat(logits).hasToString("TeacherLogits[3 images x 2 classes]");
  }
}
