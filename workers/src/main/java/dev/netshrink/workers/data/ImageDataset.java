package dev.netshrink.workers.data;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;

/**
 * Labelled images held in memory as normalized floats, NCHW order: image {@code i} occupies
 * {@code pixels[i*imageSize() .. (i+1)*imageSize())}. Small enough for Fashion-MNIST (60,000 x 784
 * floats = 188 MB) and it keeps batching a plain array copy.
 */
public record ImageDataset(
    float[] pixels, int[] labels, int count, int channels, int height, int width, int classes) {

  public ImageDataset {
    if (count < 0 || channels <= 0 || height <= 0 || width <= 0 || classes <= 0) {
      throw new IllegalArgumentException("bad dataset dimensions: count=" + count + " channels="
          + channels + " height=" + height + " width=" + width + " classes=" + classes);
    }
    if (labels.length != count || (long) count * channels * height * width != pixels.length) {
      throw new IllegalArgumentException("pixels (" + pixels.length + ") and labels ("
          + labels.length + ") do not match " + count + " images of " + channels + "x"
          + height + "x" + width);
    }
    for (int label : labels) {
      if (label < 0 || label >= classes) {
        throw new IllegalArgumentException("label " + label + " outside 0.." + (classes - 1));
      }
    }
  }

  /** Floats per image (C*H*W). */
  public int imageSize() {
    return channels * height * width;
  }

  /** The first {@code n} images, or all of them when {@code n <= 0} or {@code n >= count}. */
  public ImageDataset limit(int n) {
    return n <= 0 || n >= count ? this : slice(0, n);
  }

  /** A copy of images {@code from} (inclusive) to {@code to} (exclusive). */
  public ImageDataset slice(int from, int to) {
    if (from < 0 || to > count || from > to) {
      throw new IndexOutOfBoundsException("slice " + from + ".." + to + " of " + count);
    }
    int size = imageSize();
    return new ImageDataset(
        Arrays.copyOfRange(pixels, from * size, to * size),
        Arrays.copyOfRange(labels, from, to),
        to - from, channels, height, width, classes);
  }

  /**
   * Copies the images {@code order[from .. from+size)} into {@code pixelsOut} and their labels
   * into {@code labelsOut} (int64, because that is what gather/pick kernels index with), both
   * starting at the buffers' current positions. Where {@code mirror} is non-null and
   * {@code mirror[i]} is set, image {@code order[i]} is copied mirrored left to right.
   */
  public void fillBatch(int[] order, int from, int size, boolean[] mirror, FloatBuffer pixelsOut,
      LongBuffer labelsOut) {
    int imageSize = imageSize();
    for (int i = from; i < from + size; i++) {
      int image = order[i];
      if (mirror != null && mirror[i]) {
        putMirrored(image * imageSize, pixelsOut);
      } else {
        pixelsOut.put(pixels, image * imageSize, imageSize);
      }
      labelsOut.put(labels[image]);
    }
  }

  private void putMirrored(int offset, FloatBuffer out) {
    for (int row = 0; row < channels * height; row++) {
      int rowStart = offset + row * width;
      for (int col = width - 1; col >= 0; col--) {
        out.put(pixels[rowStart + col]);
      }
    }
  }

  @Override
  public String toString() {
    return "ImageDataset[" + count + " x " + channels + "x" + height + "x" + width + ", "
        + classes + " classes]";
  }
}
