package dev.netshrink.workers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.workers.distill.TeacherLogits;
import org.junit.jupiter.api.Test;

class LogitsCacheTest {

  /** 100 images x 10 classes of floats: 4,000 bytes, 8,000 with the mirrored view. */
  private static TeacherLogits set(boolean mirrored) {
    return new TeacherLogits(100, 10, new float[1000], mirrored ? new float[1000] : null);
  }

  private static LogitsCache.Key key(String name, boolean mirrored) {
    return new LogitsCache.Key(name, 100, 10, mirrored);
  }

  @Test
  void aKeptSetComesBackOnlyForTheSameKey() {
    LogitsCache cache = new LogitsCache(10_000);
    TeacherLogits logits = set(true);

    cache.put(key("a", true), logits);

    assertThat(cache.get(key("a", true))).containsSame(logits);
    assertThat(cache.get(key("a", false))).as("another view asked for").isEmpty();
    assertThat(cache.get(new LogitsCache.Key("a", 50, 10, true))).isEmpty();
    assertThat(cache.bytes()).isEqualTo(8_000);
  }

  @Test
  void theLeastRecentlyUsedSetGoesFirstOnceTheBoundIsPassed() {
    LogitsCache cache = new LogitsCache(10_000);
    cache.put(key("a", false), set(false));
    cache.put(key("b", false), set(false));
    cache.get(key("a", false)); // a is now the more recent

    cache.put(key("c", false), set(false));

    assertThat(cache.get(key("a", false))).isPresent();
    assertThat(cache.get(key("b", false))).isEmpty();
    assertThat(cache.get(key("c", false))).isPresent();
    assertThat(cache.bytes()).isEqualTo(8_000);
  }

  @Test
  void aSetLargerThanTheBoundIsNotKept() {
    LogitsCache none = new LogitsCache(0);
    LogitsCache small = new LogitsCache(6_000);

    none.put(key("a", false), set(false));
    small.put(key("a", true), set(true));

    assertThat(none.get(key("a", false))).isEmpty();
    assertThat(small.get(key("a", true))).isEmpty();
    assertThat(small.bytes()).isZero();
  }
}
