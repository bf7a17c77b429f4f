package dev.netshrink.workers.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

  private static final byte[] PIXELS = {0, 1, 2, 3, 4, 5, (byte) 250, (byte) 255, 9, 10, 11, 12};

  @Test
  void readsPlainImageFile() throws IOException {
    // given two 2x3 images
    byte[] file = IdxFiles.images(2051, 2, 2, 3, PIXELS);

    // when
    IdxImages images = IdxReader.readImages(new ByteArrayInputStream(file), "plain");

    // then
    assertThat(images.count()).isEqualTo(2);
    assertThat(images.rows()).isEqualTo(2);
    assertThat(images.cols()).isEqualTo(3);
    assertThat(images.pixel(1, 0, 0)).isEqualTo(250);
    assertThat(images.pixel(1, 0, 1)).isEqualTo(255);
    assertThat(images.pixel(1, 1, 2)).isEqualTo(12);
  }

  @Test
  void readsGzipFilesByContentNotName(@TempDir Path dir) throws IOException {
    // given a gzip file without a .gz name
    Path images = dir.resolve("images-idx3-ubyte");
    Files.write(images, IdxFiles.gzip(IdxFiles.images(2051, 2, 2, 3, PIXELS)));
    Path labels = dir.resolve("labels.gz");
    Files.write(labels, IdxFiles.gzip(IdxFiles.labels(2049, (byte) 3, (byte) 200)));

    // when / then
    assertThat(IdxReader.readImages(images).pixels()).isEqualTo(PIXELS);
    assertThat(IdxReader.readLabels(labels)).containsExactly(3, 200);
  }

  @Test
  void rejectsLabelFileReadAsImages() throws IOException {
    byte[] labels = IdxFiles.labels(2049, (byte) 1, (byte) 2);

    assertThatThrownBy(() -> IdxReader.readImages(new ByteArrayInputStream(labels), "labels.idx"))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("labels.idx")
        .hasMessageContaining("magic number 2049")
        .hasMessageContaining("expected 2051");
  }

  @Test
  void rejectsTruncatedHeader() {
    byte[] file = {0, 0, 8, 3, 0, 0};

    assertThatThrownBy(() -> IdxReader.readImages(new ByteArrayInputStream(file), "short"))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("truncated header");
  }

  @Test
  void rejectsTruncatedBody() throws IOException {
    // given a header promising 12 bytes followed by 11
    byte[] file = IdxFiles.images(2051, 2, 2, 3, PIXELS);
    byte[] cut = Arrays.copyOf(file, file.length - 1);

    // when / then
    assertThatThrownBy(
            () -> IdxReader.readImages(new ByteArrayInputStream(IdxFiles.gzip(cut)), "cut.gz"))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("promises 12 data bytes but only 11 follow");
  }

  @Test
  void readsTheRealFashionMnistTestSplit() throws IOException {
    // given Debian's dataset-fashion-mnist
    Path dir = FashionMnistFiles.dir();

    // when
    IdxImages images = IdxReader.readImages(dir.resolve("t10k-images-idx3-ubyte.gz"));
    int[] labels = IdxReader.readLabels(dir.resolve("t10k-labels-idx1-ubyte.gz"));

    // then: 10,000 28x28 images, labels 0..9 balanced (1,000 each)
    assertThat(images.count()).isEqualTo(10_000);
    assertThat(images.rows()).isEqualTo(28);
    assertThat(images.cols()).isEqualTo(28);
    int[] perClass = new int[10];
    for (int label : labels) {
      perClass[label]++;
    }
    assertThat(perClass).containsOnly(1_000);
  }
}
