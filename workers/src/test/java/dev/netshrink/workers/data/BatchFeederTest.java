package dev.netshrink.workers.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.netshrink.workers.model.TeacherCnn;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchFeederTest {

  // four 3x5x4 images with distinct pixel values, so any mix-up of channels or positions shows
  private final ImageDataset rgb = dataset(3, 5, 4, 4);

  @Test
  void channelsLastBatchesHoldTheSameImagesAsPlainOnes() {
    int[] order = {2, 0, 3, 1};
    boolean[] mirror = {false, true, false, true};
    try (NDManager manager = NDManager.newBaseManager()) {
      BatchFeeder.Batch plain = new BatchFeeder(rgb, 3, false).batch(manager, order, 1, 3, mirror);
      BatchFeeder.Batch channelsLast =
          new BatchFeeder(rgb, 3, true).batch(manager, order, 1, 3, mirror);

      assertThat(channelsLast.images().getShape()).isEqualTo(new Shape(3, 3, 5, 4));
      assertThat(channelsLast.images().toFloatArray())
          .containsExactly(plain.images().toFloatArray());
      assertThat(channelsLast.labels().toLongArray()).containsExactly(plain.labels().toLongArray());
      // the plain batch is image order[1..3] copied as is, the first one mirrored
      float[] expectedFirst = mirrored(rgb, order[1]);
      float[] first = new float[expectedFirst.length];
      System.arraycopy(plain.images().toFloatArray(), 0, first, 0, first.length);
      assertThat(first).containsExactly(expectedFirst);
    }
  }

  @Test
  void aNetworkGivesTheSameLogitsForEitherLayout() {
    ImageDataset gray = dataset(1, 28, 28, 8);
    ImageDataset color = dataset(3, 28, 28, 8);
    for (ImageDataset data : new ImageDataset[] {gray, color}) {
      try (NDManager manager = NDManager.newBaseManager()) {
        Block teacher = TeacherCnn.build(10);
        teacher.initialize(manager, DataType.FLOAT32, new Shape(1, data.channels(), 28, 28));
        ParameterStore parameters = new ParameterStore(manager, false);
        int[] order = {0, 1, 2, 3, 4, 5, 6, 7};
        NDArray plain =
            teacher
                .forward(
                    parameters,
                    new NDList(
                        new BatchFeeder(data, 8, false).batch(manager, order, 0, 8).images()),
                    true)
                .head();
        NDArray channelsLast =
            teacher
                .forward(
                    parameters,
                    new NDList(new BatchFeeder(data, 8, true).batch(manager, order, 0, 8).images()),
                    true)
                .head();

        assertThat(channelsLast.sub(plain).abs().max().getFloat())
            .isLessThan(1e-4f * Math.max(1f, plain.abs().max().getFloat()));
      }
    }
  }

  private static float[] mirrored(ImageDataset data, int image) {
    float[] all = data.pixels();
    float[] out = new float[data.imageSize()];
    int width = data.width();
    for (int row = 0; row < data.channels() * data.height(); row++) {
      for (int x = 0; x < width; x++) {
        out[row * width + x] = all[image * data.imageSize() + row * width + width - 1 - x];
      }
    }
    return out;
  }

  private static ImageDataset dataset(int channels, int height, int width, int count) {
    Random random = new Random(7);
    float[] pixels = new float[count * channels * height * width];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = i + (float) random.nextGaussian() * 0.1f;
    }
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = i % 3;
    }
    return new ImageDataset(pixels, labels, count, channels, height, width, 3);
  }
}
