package dev.netshrink.workers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.protocol.wire.LogitsBlock.Precision;
import dev.netshrink.workers.data.BytePixels;
import dev.netshrink.workers.data.ImageDataset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LogitsKeysTest {

  private static final byte[] WEIGHTS = {1, 2, 3, 4};

  private static ImageDataset floats(float first) {
    float[] pixels = new float[3 * 4];
    pixels[0] = first;
    return new ImageDataset(pixels, new int[] {0, 1, 2}, 3, 1, 2, 2, 3);
  }

  private static ImageDataset bytes(float mean) {
    return new ImageDataset(
        new BytePixels(new byte[3 * 4], 1, 2, 2, new float[] {mean}, new float[] {0.5f}),
        new int[] {0, 1, 2},
        3,
        1,
        2,
        2,
        3);
  }

  @Test
  void theSameTeacherAndDataGiveTheSameKeyWhateverTheirLabels() {
    ImageDataset relabelled = new ImageDataset(new float[12], new int[] {2, 2, 2}, 3, 1, 2, 2, 3);

    assertThat(LogitsKeys.of(WEIGHTS, floats(0), false, Precision.FP16))
        .isEqualTo(LogitsKeys.of(WEIGHTS.clone(), floats(0), false, Precision.FP16))
        .isEqualTo(LogitsKeys.of(WEIGHTS, relabelled, false, Precision.FP16))
        .matches("logits-[0-9a-f]{32}");
  }

  @Test
  void anythingThatChangesTheLogitsChangesTheKey() {
    String key = LogitsKeys.of(WEIGHTS, floats(0), false, Precision.FP16);

    assertThat(
            Arrays.asList(
                LogitsKeys.of(new byte[] {1, 2, 3, 5}, floats(0), false, Precision.FP16),
                LogitsKeys.of(WEIGHTS, floats(0.5f), false, Precision.FP16),
                LogitsKeys.of(WEIGHTS, floats(0).limit(2), false, Precision.FP16),
                LogitsKeys.of(WEIGHTS, floats(0), true, Precision.FP16),
                LogitsKeys.of(WEIGHTS, floats(0), false, Precision.FP32),
                // bytes normalized otherwise are other pixels
                LogitsKeys.of(WEIGHTS, bytes(0.1f), false, Precision.FP16),
                LogitsKeys.of(WEIGHTS, bytes(0.2f), false, Precision.FP16)))
        .doesNotContain(key)
        .doesNotHaveDuplicates();
  }
}
