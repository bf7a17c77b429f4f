package dev.netshrink.protocol.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentIdsTest {

  @Test
  void aRedeliveredJobIsRecognised() {
    RecentIds ids = new RecentIds(10);

    assertThat(ids.firstTime("c/a#1")).isTrue();
    assertThat(ids.firstTime("c/a#1")).isFalse();
    assertThat(ids.firstTime("c/a#2")).as("a new attempt is a new job").isTrue();
  }

  @Test
  void onlyTheLatestIdsAreKept() {
    RecentIds ids = new RecentIds(2);
    ids.firstTime("a");
    ids.firstTime("b");
    ids.firstTime("c");

    assertThat(ids.firstTime("c")).isFalse();
    assertThat(ids.firstTime("a")).as("forgotten once 2 newer ids arrived").isTrue();
  }
}
