package dev.netshrink.workers.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Loads Fashion-MNIST from the four standard IDX files (as installed by Debian's {@code
 * dataset-fashion-mnist} under {@link #DEBIAN_DIR}), normalized to zero mean and unit variance with
 * the training set's statistics.
 */
public final class FashionMnist {

  /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
  public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  public static final int CLASSES = 10;
  public static final int SIDE = 28;

  /** Mean of the 60,000 training images after scaling to [0, 1]. */
  public static final float MEAN = 0.2860f;

  /** Standard deviation of the 60,000 training images after scaling to [0, 1]. */
  public static final float STD = 0.3530f;

  private FashionMnist() {}

  /**
   * Loads the training or test split; {@code limit} keeps only the first images (0 = all). Accepts
   * gzip ({@code *.gz}) or already unpacked files in {@code dir}.
   */
  public static ImageDataset load(Path dir, boolean train, int limit) throws IOException {
    String prefix = train ? "train" : "t10k";
    IdxImages images = IdxReader.readImages(find(dir, prefix + "-images-idx3-ubyte"));
    int[] labels = IdxReader.readLabels(find(dir, prefix + "-labels-idx1-ubyte"));
    if (labels.length != images.count()) {
      throw new IdxFormatException(
          dir + ": " + images.count() + " images but " + labels.length + " labels");
    }
    int count = limit > 0 ? Math.min(limit, images.count()) : images.count();
    int size = images.rows() * images.cols();
    float[] pixels = normalize(images.pixels(), count * size);
    int[] kept = labels.length == count ? labels : Arrays.copyOf(labels, count);
    return new ImageDataset(pixels, kept, count, 1, images.rows(), images.cols(), CLASSES);
  }

  private static float[] normalize(byte[] raw, int length) {
    float[] pixels = new float[length];
    for (int i = 0; i < length; i++) {
      pixels[i] = (Byte.toUnsignedInt(raw[i]) / 255f - MEAN) / STD;
    }
    return pixels;
  }

  private static Path find(Path dir, String baseName) throws IOException {
    for (Path candidate : new Path[] {dir.resolve(baseName + ".gz"), dir.resolve(baseName)}) {
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new NoSuchFileException(
        dir.resolve(baseName + ".gz").toString(),
        null,
        "Fashion-MNIST file missing (install Debian's dataset-fashion-mnist or pass the right directory)");
  }
}
