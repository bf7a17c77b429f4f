package dev.netshrink.workers.data;

/**
 * The raw content of an IDX image file: {@code count} images of {@code rows x cols} unsigned bytes,
 * row-major, one image after the other.
 */
public record IdxImages(int count, int rows, int cols, byte[] pixels) {

  public IdxImages {
    if ((long) count * rows * cols != pixels.length) {
      throw new IllegalArgumentException(
          "pixels hold " + pixels.length + " bytes, expected " + count + "x" + rows + "x" + cols);
    }
  }

  /** Returns the pixel at {@code (image, row, col)} as 0..255. */
  public int pixel(int image, int row, int col) {
    return Byte.toUnsignedInt(pixels[(image * rows + row) * cols + col]);
  }
}
