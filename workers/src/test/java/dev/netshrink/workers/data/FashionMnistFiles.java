package dev.netshrink.workers.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real Fashion-MNIST files, shared by tests. They are a project requirement (Debian's {@code
 * dataset-fashion-mnist}, installed by the project's setup), so their absence fails tests instead
 * of skipping them.
 */
public final class FashionMnistFiles {

  private static ImageDataset train;
  private static ImageDataset test;

  private FashionMnistFiles() {}

  public static Path dir() {
    Path dir = FashionMnist.DEBIAN_DIR;
    assertThat(Files.isRegularFile(dir.resolve("t10k-images-idx3-ubyte.gz")))
        .as("Fashion-MNIST missing under %s: apt-get install dataset-fashion-mnist", dir)
        .isTrue();
    return dir;
  }

  /** The first 5,000 training images, loaded once per JVM. */
  public static synchronized ImageDataset train() {
    if (train == null) {
      train = load(true, 5_000);
    }
    return train;
  }

  /** The first 2,000 test images, loaded once per JVM. */
  public static synchronized ImageDataset test() {
    if (test == null) {
      test = load(false, 2_000);
    }
    return test;
  }

  private static ImageDataset load(boolean trainSplit, int limit) {
    try {
      return FashionMnist.load(dir(), trainSplit, limit);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
