package dev.netshrink.workers.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DepthwiseStudentShapeTest {

  @Test
  void countsTheDefaultStudentByHand() {
    // stem 1*32*9 + BN 64; blocks (dw 9c + BN 2c + pw c*c' + BN 2c'); head 192*10 + 10
    long stem = 288 + 64;
    long blocks =
        (288 + 64 + 2048 + 128)
            + (576 + 128 + 8192 + 256)
            + (1152 + 256 + 16384 + 256)
            + (1152 + 256 + 24576 + 384);
    long head = 1920 + 10;

    assertThat(DepthwiseStudentShape.defaults(10).parameterCount())
        .isEqualTo(stem + blocks + head)
        .isEqualTo(58_378);
  }

  @Test
  void downsamplesByBlockPositionNotWidth() {
    assertThat(DepthwiseStudentShape.defaultStrides(5)).containsExactly(2, 2, 1, 2, 1);
    assertThat(DepthwiseStudentShape.of(1, new int[] {8, 4, 16}, 10).strides())
        .containsExactly(2, 2);
  }

  @Test
  void rejectsStrideCountThatDoesNotMatchTheBlocks() {
    assertThatThrownBy(() -> new DepthwiseStudentShape(1, new int[] {8, 16}, new int[] {2, 2}, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 blocks need as many strides");
  }

  @Test
  void isAValueDespiteArrays() {
    assertThat(DepthwiseStudentShape.of(1, new int[] {8, 16}, 10))
        .isEqualTo(DepthwiseStudentShape.of(1, new int[] {8, 16}, 10))
        .hasSameHashCodeAs(DepthwiseStudentShape.of(1, new int[] {8, 16}, 10));
  }
}
