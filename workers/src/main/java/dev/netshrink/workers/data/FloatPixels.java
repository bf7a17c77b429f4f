package dev.netshrink.workers.data;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.security.MessageDigest;
import java.util.Arrays;

/** Normalized float pixels, NCHW: image {@code i} occupies {@code data[i*C*H*W .. (i+1)*C*H*W)}. */
public record FloatPixels(float[] data, int channels, int height, int width) implements PixelStore {

  public FloatPixels {
    if (data.length % (channels * height * width) != 0) {
      throw new IllegalArgumentException(
          data.length + " floats are not whole images of " + channels + "x" + height + "x" + width);
    }
  }

  @Override
  public int images() {
    return data.length / (channels * height * width);
  }

  @Override
  public void put(int image, boolean mirror, FloatBuffer out) {
    int size = channels * height * width;
    int offset = image * size;
    if (!mirror) {
      out.put(data, offset, size);
      return;
    }
    for (int row = 0; row < channels * height; row++) {
      int rowStart = offset + row * width;
      for (int col = width - 1; col >= 0; col--) {
        out.put(data[rowStart + col]);
      }
    }
  }

  @Override
  public void digest(MessageDigest digest) {
    digest.update(
        ByteBuffer.allocate(3 * Integer.BYTES)
            .putInt(channels)
            .putInt(height)
            .putInt(width)
            .flip());
    ByteBuffer chunk = ByteBuffer.allocate(Float.BYTES << 14);
    for (int from = 0; from < data.length; from += 1 << 14) {
      int n = Math.min(1 << 14, data.length - from);
      chunk.clear();
      chunk.asFloatBuffer().put(data, from, n);
      digest.update(chunk.array(), 0, n * Float.BYTES);
    }
  }

  @Override
  public PixelStore slice(int from, int to) {
    int size = channels * height * width;
    return new FloatPixels(
        Arrays.copyOfRange(data, from * size, to * size), channels, height, width);
  }
}
