package dev.netshrink.protocol.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FusePolicyTest {

  @Test
  void autoSpreadsTheQueuedTrialsEvenlyOverTheWorkers() {
    FusePolicy auto = FusePolicy.of("auto");
    assertThat(auto.packSize(5, 2)).isEqualTo(3);
    assertThat(auto.packSize(2, 2)).isEqualTo(1);
    assertThat(auto.packSize(8, 2)).isEqualTo(4);
    assertThat(auto.packSize(5, 1)).isEqualTo(5);
    assertThat(auto.packSize(40, 1)).as("capped").isEqualTo(FusePolicy.AUTO_LIMIT);
    assertThat(auto.packSize(3, 8)).as("more workers than trials").isEqualTo(1);
  }

  @Test
  void aNumberIsTheLargestPackAndOffIsOneTrialPerJob() {
    assertThat(FusePolicy.of("3").packSize(8, 2)).isEqualTo(3);
    assertThat(FusePolicy.of("3").packSize(2, 2)).isEqualTo(2);
    assertThat(FusePolicy.of("off").packSize(8, 2)).isEqualTo(1);
    assertThat(SpecValidator.load("name: p\nstudent: {fuse: off}\n", false).student().fusePolicy())
        .as("a bare off, which YAML reads as false")
        .isEqualTo(FusePolicy.NONE);
    assertThat(FusePolicy.of(null)).as("a job from before fusion").isEqualTo(FusePolicy.NONE);
  }

  @Test
  void refusesAnythingElse() {
    assertThatThrownBy(() -> FusePolicy.of("65")).hasMessageContaining("from 1 to 64, not 65");
    assertThatThrownBy(() -> FusePolicy.of("-1")).hasMessageContaining("not -1");
  }
}
