package dev.netshrink.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** binary16 conversion against IEEE 754's own cases: exact values, ties, overflow, subnormals. */
class HalfTest {

  @Test
  void everyHalfThatIsANumberSurvivesToFloatAndBack() {
    for (int bits = 0; bits <= 0xffff; bits++) {
      short half = (short) bits;
      boolean nan = (bits & 0x7c00) == 0x7c00 && (bits & 0x3ff) != 0;
      if (!nan) {
        assertThat(Half.fromFloat(Half.toFloat(half))).as("0x%04x", bits).isEqualTo(half);
      }
    }
  }

  @Test
  void everyNanStaysANan() {
    for (int mantissa = 1; mantissa <= 0x3ff; mantissa++) {
      assertThat(Half.toFloat((short) (0x7c00 | mantissa))).isNaN();
      assertThat(Half.toFloat((short) (0xfc00 | mantissa))).isNaN();
    }
    assertThat(Half.fromFloat(Float.NaN)).isEqualTo((short) 0x7e00);
  }

  @Test
  void tiesRoundToTheEvenNeighbour() {
    float ulp = 0x1p-10f; // one unit in the last place of a half in [1, 2)

    assertThat(Half.fromFloat(1f + ulp / 2)).isEqualTo((short) 0x3c00); // to even 1.0
    assertThat(Half.fromFloat(1f + 3 * ulp / 2)).isEqualTo((short) 0x3c02); // to even 1 + 2ulp
    assertThat(Half.fromFloat(Math.nextUp(1f + ulp / 2))).isEqualTo((short) 0x3c01);
  }

  @Test
  void beyondTheLargestHalfIsInfinity() {
    assertThat(Half.fromFloat(65519f)).isEqualTo((short) 0x7bff);
    assertThat(Half.fromFloat(65520f)).isEqualTo((short) 0x7c00); // the tie rounds up to even
    assertThat(Half.fromFloat(Float.POSITIVE_INFINITY)).isEqualTo((short) 0x7c00);
    assertThat(Half.fromFloat(Float.NEGATIVE_INFINITY)).isEqualTo((short) 0xfc00);
    assertThat(Half.fromFloat(-1e9f)).isEqualTo((short) 0xfc00);
  }

  @Test
  void subnormalsAndZerosKeepTheirSign() {
    float smallest = 0x1p-24f;

    assertThat(Half.fromFloat(smallest)).isEqualTo((short) 0x0001);
    assertThat(Half.fromFloat(-smallest)).isEqualTo((short) 0x8001);
    assertThat(Half.fromFloat(smallest / 2)).isEqualTo((short) 0x0000); // a tie, to even zero
    assertThat(Half.fromFloat(smallest * 0.75f)).isEqualTo((short) 0x0001);
    assertThat(Half.fromFloat(1e-10f)).isEqualTo((short) 0x0000);
    assertThat(Half.fromFloat(-0f)).isEqualTo((short) 0x8000);
    assertThat(Half.toFloat((short) 0x03ff)).isEqualTo(0x3ffp-24f); // largest subnormal
    assertThat(Half.toFloat((short) 0x0400)).isEqualTo(0x1p-14f); // smallest normal
    assertThat(Float.floatToRawIntBits(Half.toFloat((short) 0x8000)))
        .isEqualTo(Float.floatToRawIntBits(-0f));
  }
}
