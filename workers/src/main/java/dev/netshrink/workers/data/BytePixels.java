package dev.netshrink.workers.data;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * 8-bit pixels, NCHW, turned into {@code (v / 255 - mean[c]) / std[c]} as they are copied into a
 * batch: the ToTensor + Normalize of torchvision, done per batch instead of once for all images.
 */
public record BytePixels(
    byte[] data, int channels, int height, int width, float[] mean, float[] std)
    implements PixelStore {

  public BytePixels {
    if (data.length % (channels * height * width) != 0) {
      throw new IllegalArgumentException(
          data.length + " bytes are not whole images of " + channels + "x" + height + "x" + width);
    }
    if (mean.length != channels || std.length != channels) {
      throw new IllegalArgumentException("need a mean and a std per channel");
    }
  }

  @Override
  public int images() {
    return data.length / (channels * height * width);
  }

  @Override
  public void put(int image, boolean mirror, FloatBuffer out) {
    int plane = height * width;
    int offset = image * channels * plane;
    for (int c = 0; c < channels; c++) {
      float scale = 1f / (255f * std[c]);
      float shift = mean[c] / std[c];
      for (int row = 0; row < height; row++) {
        int rowStart = offset + c * plane + row * width;
        for (int col = 0; col < width; col++) {
          int v = data[rowStart + (mirror ? width - 1 - col : col)] & 0xff;
          out.put(v * scale - shift);
        }
      }
    }
  }

  @Override
  public void digest(MessageDigest digest) {
    ByteBuffer header = ByteBuffer.allocate(3 * Integer.BYTES + 2 * channels * Float.BYTES);
    header.putInt(channels).putInt(height).putInt(width);
    for (int c = 0; c < channels; c++) {
      header.putFloat(mean[c]).putFloat(std[c]);
    }
    digest.update(header.flip());
    digest.update(data);
  }

  @Override
  public PixelStore slice(int from, int to) {
    int size = channels * height * width;
    return new BytePixels(
        Arrays.copyOfRange(data, from * size, to * size), channels, height, width, mean, std);
  }
}
