package dev.netshrink.workers.data;

import java.nio.FloatBuffer;
import java.security.MessageDigest;

/**
 * Where a dataset's pixels live: {@link FloatPixels} ready to use (Fashion-MNIST), or {@link
 * BytePixels} kept as 8-bit values and normalized while a batch is filled, which is what lets
 * 10,000 Food-11 images of 3x224x224 fit in 1.5 GB instead of 6 GB.
 */
public sealed interface PixelStore permits FloatPixels, BytePixels {

  /** Images held. */
  int images();

  /** Writes image {@code image} (C*H*W floats, NCHW), mirrored left to right when asked. */
  void put(int image, boolean mirror, FloatBuffer out);

  /**
   * Feeds {@code digest} everything that decides the normalized pixels: the stored values, the
   * shape and, for bytes, the normalization. Two stores with the same digest give every image
   * alike.
   */
  void digest(MessageDigest digest);

  /** A copy of images {@code from} (inclusive) to {@code to} (exclusive). */
  PixelStore slice(int from, int to);
}
