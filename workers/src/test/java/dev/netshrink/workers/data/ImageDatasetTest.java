package dev.netshrink.workers.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import org.junit.jupiter.api.Test;

class ImageDatasetTest {

  // three 1x2x2 images whose pixels encode (image, position)
  private final ImageDataset data =
      new ImageDataset(
          new float[] {0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23},
          new int[] {2, 0, 1},
          3,
          1,
          2,
          2,
          3);

  @Test
  void fillsABatchInTheGivenOrderMirroringWhereAsked() {
    // given
    FloatBuffer pixels = FloatBuffer.allocate(8);
    LongBuffer labels = LongBuffer.allocate(2);

    // when images 2 and 0 are taken, the second one mirrored
    data.fillBatch(new int[] {1, 2, 0}, 1, 2, new boolean[] {false, false, true}, pixels, labels);

    // then
    assertThat(pixels.array()).containsExactly(20, 21, 22, 23, 1, 0, 3, 2);
    assertThat(labels.array()).containsExactly(1, 2);
  }

  @Test
  void slicesAndLimitsCopy() {
    ImageDataset middle = data.slice(1, 2);

    assertThat(middle.count()).isEqualTo(1);
    assertThat(middle.pixels()).containsExactly(10, 11, 12, 13);
    assertThat(middle.labels()).containsExactly(0);
    assertThat(data.limit(0)).isSameAs(data);
    assertThat(data.limit(2).labels()).containsExactly(2, 0);
  }

  @Test
  void rejectsLabelsOutsideTheClasses() {
    assertThatThrownBy(() -> new ImageDataset(new float[4], new int[] {3}, 1, 1, 2, 2, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label 3 outside 0..2");
  }
}
