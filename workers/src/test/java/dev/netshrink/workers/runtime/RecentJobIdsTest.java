package dev.netshrink.workers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentJobIdsTest {

  @Test
  void aRedeliveredJobIsRecognised() {
    RecentJobIds ids = new RecentJobIds(10);

    assertThat(ids.firstTime("c/a#1")).isTrue();
    assertThat(ids.firstTime("c/a#1")).isFalse();
    assertThat(ids.firstTime("c/a#2")).as("a new attempt is a new job").isTrue();
  }

  @Test
  void onlyTheLatestIdsAreKept() {
    RecentJobIds ids = new RecentJobIds(2);
    ids.firstTime("a");
    ids.firstTime("b");
    ids.firstTime("c");

    assertThat(ids.firstTime("c")).isFalse();
    assertThat(ids.firstTime("a")).as("forgotten once 2 newer ids arrived").isTrue();
  }
}
