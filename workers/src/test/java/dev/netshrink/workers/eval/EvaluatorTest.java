package dev.netshrink.workers.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import dev.netshrink.workers.data.ImageDataset;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

  /** A "network" whose logits are its input pixels: it predicts the brightest pixel's index. */
  private final Block brightestPixel =
      new SequentialBlock()
          .add(Blocks.batchFlattenBlock())
          .add(new LambdaBlock(inputs -> new NDList(inputs.singletonOrThrow().mul(1))));

  @Test
  void countsImagesWhoseLargestLogitIsTheirLabel() {
    // given 5 one-hot 1x1x3 images, of which 3 are labelled by their bright pixel
    float[] pixels = {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0};
    int[] labels = {0, 1, 2, 2, 0};
    ImageDataset data = new ImageDataset(pixels, labels, 5, 1, 1, 3, 3);

    // when evaluated in batches that do not divide the dataset
    double accuracy;
    try (NDManager manager = NDManager.newBaseManager()) {
      brightestPixel.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 1, 3));
      accuracy = Evaluator.accuracy(brightestPixel, data, 2);
    }

    // then
    assertThat(accuracy).isEqualTo(0.6);
  }
}
