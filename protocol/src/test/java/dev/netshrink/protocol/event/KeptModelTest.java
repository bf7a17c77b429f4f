package dev.netshrink.protocol.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeptModelTest {

  @Test
  void ratiosAreNamedWithTwoDecimalsOrAsManyAsTheyHave() {
    assertThat(KeptModel.ratioName(0.0)).isEqualTo("0.00");
    assertThat(KeptModel.ratioName(0.5)).isEqualTo("0.50");
    assertThat(KeptModel.ratioName(0.35)).isEqualTo("0.35");
    assertThat(KeptModel.ratioName(0.6563)).isEqualTo("0.6563");
    // a fine sweep keeps its points apart: 0.005 and 0.01 were both "0.01" with two decimals
    assertThat(KeptModel.ratioName(0.005)).isEqualTo("0.005");
    assertThat(KeptModel.ratioName(0.01)).isEqualTo("0.01");
    assertThat(KeptModel.keyOf("c/kd", "l2-structured", 0.25)).isEqualTo("c/kd/l2-structured/0.25");
  }
}
