package dev.netshrink.workers.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class FashionMnistTest {

  @Test
  void normalizationGivesTrainingImagesZeroMeanAndUnitVariance() throws IOException {
    // given the full training split
    ImageDataset train = FashionMnist.load(FashionMnistFiles.dir(), true, 0);

    // when
    double sum = 0;
    double squares = 0;
    for (float pixel : train.pixels()) {
      sum += pixel;
      squares += (double) pixel * pixel;
    }
    double mean = sum / train.pixels().length;
    double variance = squares / train.pixels().length - mean * mean;

    // then the documented constants are the split's statistics
    assertThat(train.count()).isEqualTo(60_000);
    assertThat(mean).isCloseTo(0, within(0.01));
    assertThat(Math.sqrt(variance)).isCloseTo(1, within(0.01));
  }

  @Test
  void limitKeepsTheFirstImages() throws IOException {
    ImageDataset first = FashionMnist.load(FashionMnistFiles.dir(), false, 100);
    ImageDataset all = FashionMnistFiles.test();

    assertThat(first.count()).isEqualTo(100);
    assertThat(first.labels()).containsExactly(all.slice(0, 100).labels());
    assertThat(first.pixels()).containsExactly(all.slice(0, 100).pixels());
    assertThat(first.channels()).isEqualTo(1);
    assertThat(first.classes()).isEqualTo(10);
  }
}
