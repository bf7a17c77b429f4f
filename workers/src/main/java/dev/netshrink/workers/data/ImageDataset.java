package dev.netshrink.workers.data;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;

/**
 * Labelled images held in memory, NCHW, in a {@link PixelStore}: floats for small datasets, bytes
 * normalized per batch for large ones. Image {@code i} has label {@code labels[i]}.
 */
public record ImageDataset(
    PixelStore store, int[] labels, int count, int channels, int height, int width, int classes) {

  public ImageDataset {
    if (count < 0 || channels <= 0 || height <= 0 || width <= 0 || classes <= 0) {
      throw new IllegalArgumentException(
          "bad dataset dimensions: count="
              + count
              + " channels="
              + channels
              + " height="
              + height
              + " width="
              + width
              + " classes="
              + classes);
    }
    if (labels.length != count || store.images() != count) {
      throw new IllegalArgumentException(
          "pixels ("
              + store.images()
              + " images) and labels ("
              + labels.length
              + ") do not match "
              + count
              + " images of "
              + channels
              + "x"
              + height
              + "x"
              + width);
    }
    for (int label : labels) {
      if (label < 0 || label >= classes) {
        throw new IllegalArgumentException("label " + label + " outside 0.." + (classes - 1));
      }
    }
  }

  /** Normalized float pixels, image {@code i} at {@code pixels[i*imageSize() ..]}. */
  public ImageDataset(
      float[] pixels, int[] labels, int count, int channels, int height, int width, int classes) {
    this(
        new FloatPixels(pixels, channels, height, width),
        labels,
        count,
        channels,
        height,
        width,
        classes);
  }

  /** Floats per image (C*H*W). */
  public int imageSize() {
    return channels * height * width;
  }

  /** Every image as normalized floats (the store's own array when it holds floats). */
  public float[] pixels() {
    if (store instanceof FloatPixels floats) {
      return floats.data();
    }
    FloatBuffer all = FloatBuffer.allocate(count * imageSize());
    for (int i = 0; i < count; i++) {
      store.put(i, false, all);
    }
    return all.array();
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
    return new ImageDataset(
        store.slice(from, to),
        Arrays.copyOfRange(labels, from, to),
        to - from,
        channels,
        height,
        width,
        classes);
  }

  /**
   * Copies the images {@code order[from .. from+size)} into {@code pixelsOut} and their labels into
   * {@code labelsOut} (int64, because that is what gather/pick kernels index with), both starting
   * at the buffers' current positions. Where {@code mirror} is non-null and {@code mirror[i]} is
   * set, image {@code order[i]} is copied mirrored left to right.
   */
  public void fillBatch(
      int[] order,
      int from,
      int size,
      boolean[] mirror,
      FloatBuffer pixelsOut,
      LongBuffer labelsOut) {
    for (int i = from; i < from + size; i++) {
      int image = order[i];
      store.put(image, mirror != null && mirror[i], pixelsOut);
      labelsOut.put(labels[image]);
    }
  }

  @Override
  public String toString() {
    return "ImageDataset["
        + count
        + " x "
        + channels
        + "x"
        + height
        + "x"
        + width
        + ", "
        + classes
        + " classes]";
  }
}
