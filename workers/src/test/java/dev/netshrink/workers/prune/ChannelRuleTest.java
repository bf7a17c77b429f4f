package dev.netshrink.workers.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.netshrink.workers.model.DepthwiseStudent;
import dev.netshrink.workers.model.DepthwiseStudentShape;
import org.junit.jupiter.api.Test;

class ChannelRuleTest {

  @Test
  void keepsTheNearestMultipleWithinTheGroup() {
    ChannelRule eight = new ChannelRule(2, 8);
    assertThat(eight.kept(30, 32)).as("a 5% cut of 32 is no cut, not 25%").isEqualTo(32);
    assertThat(eight.kept(26, 32)).isEqualTo(24);
    assertThat(eight.kept(13, 64)).isEqualTo(16);
    assertThat(eight.kept(2, 64)).as("at least one multiple").isEqualTo(8);
    assertThat(eight.kept(190, 192)).isEqualTo(192);
    assertThat(eight.kept(5, 6)).as("a group no larger than the multiple").isEqualTo(5);
    assertThat(eight.kept(12, 12)).as("removing nothing keeps every channel").isEqualTo(12);
    assertThat(eight.kept(11, 12)).isEqualTo(12);
    assertThat(eight.kept(3, 12)).isEqualTo(8);
    assertThat(eight.kept(12, 24)).as("a tie goes down, as Torch-Pruning rounds").isEqualTo(8);
    assertThat(ChannelRule.of(2).kept(13, 64)).as("unrounded, as ln_structured").isEqualTo(13);
  }

  @Test
  void refusesANormOrMultipleBelowOne() {
    assertThatThrownBy(() -> new ChannelRule(0, 1)).hasMessageContaining("norm");
    assertThatThrownBy(() -> new ChannelRule(2, 0)).hasMessageContaining("roundTo");
  }

  @Test
  void aRoundedStudentHasWidthsInMultiplesOfTheRule() {
    DepthwiseStudentShape shape = DepthwiseStudentShape.defaults(10);
    Shape input = new Shape(1, 1, 28, 28);
    try (NDManager manager = NDManager.newBaseManager()) {
      Block student = DepthwiseStudent.build(shape);
      student.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, input);

      int[] exact =
          ChannelRemoval.student(student, shape, g -> 0.8, ChannelRule.of(2), manager, input)
              .widths();
      int[] rounded =
          ChannelRemoval.student(student, shape, g -> 0.8, new ChannelRule(2, 8), manager, input)
              .widths();

      assertThat(exact).contains(13);
      assertThat(java.util.Arrays.stream(rounded).boxed())
          .allSatisfy(w -> assertThat(w % 8).isZero());
      for (int g = 0; g < exact.length; g++) {
        assertThat(Math.abs(rounded[g] - exact[g])).isLessThanOrEqualTo(4);
      }
    }
  }
}
