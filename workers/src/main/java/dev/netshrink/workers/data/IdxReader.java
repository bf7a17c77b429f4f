package dev.netshrink.workers.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files the MNIST family ships in (big-endian int32 magic, dimensions, then unsigned
 * bytes). Gzip is detected from the content, not the file name, so both forms load the same way.
 */
public final class IdxReader {

  /** Magic number of an IDX file of unsigned bytes with three dimensions (images). */
  public static final int IMAGES_MAGIC = 0x0803;

  /** Magic number of an IDX file of unsigned bytes with one dimension (labels). */
  public static final int LABELS_MAGIC = 0x0801;

  private static final int GZIP_FIRST_BYTE = 0x1f;
  private static final int GZIP_SECOND_BYTE = 0x8b;

  private IdxReader() {}

  public static IdxImages readImages(Path file) throws IOException {
    try (InputStream in = open(file)) {
      return readImages(in, file.toString());
    }
  }

  public static int[] readLabels(Path file) throws IOException {
    try (InputStream in = open(file)) {
      return readLabels(in, file.toString());
    }
  }

  /** Reads images from a stream (plain or gzip); {@code source} only names it in errors. */
  public static IdxImages readImages(InputStream raw, String source) throws IOException {
    DataInputStream in = new DataInputStream(decompressIfGzip(raw));
    expectMagic(in, IMAGES_MAGIC, source);
    int count = readDimension(in, "image count", source);
    int rows = readDimension(in, "rows", source);
    int cols = readDimension(in, "columns", source);
    long size = (long) count * rows * cols;
    if (size > Integer.MAX_VALUE - 8) {
      throw new IdxFormatException(source + ": " + size + " pixels do not fit in one array");
    }
    return new IdxImages(count, rows, cols, readBody(in, (int) size, source));
  }

  /** Reads labels from a stream (plain or gzip); {@code source} only names it in errors. */
  public static int[] readLabels(InputStream raw, String source) throws IOException {
    DataInputStream in = new DataInputStream(decompressIfGzip(raw));
    expectMagic(in, LABELS_MAGIC, source);
    int count = readDimension(in, "label count", source);
    byte[] body = readBody(in, count, source);
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = Byte.toUnsignedInt(body[i]);
    }
    return labels;
  }

  private static InputStream open(Path file) throws IOException {
    return Files.newInputStream(file);
  }

  private static InputStream decompressIfGzip(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    in.mark(2);
    int first = in.read();
    int second = in.read();
    in.reset();
    return first == GZIP_FIRST_BYTE && second == GZIP_SECOND_BYTE
        ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16)
        : in;
  }

  private static void expectMagic(DataInputStream in, int expected, String source)
      throws IOException {
    int magic = readHeaderInt(in, "magic number", source);
    if (magic != expected) {
      throw new IdxFormatException(
          String.format(
              "%s: magic number %d (0x%08x), expected %d (%s file)",
              source, magic, magic, expected, expected == IMAGES_MAGIC ? "images" : "labels"));
    }
  }

  private static int readDimension(DataInputStream in, String what, String source)
      throws IOException {
    int value = readHeaderInt(in, what, source);
    if (value < 0) {
      throw new IdxFormatException(source + ": negative " + what + " " + value);
    }
    return value;
  }

  private static int readHeaderInt(DataInputStream in, String what, String source)
      throws IOException {
    try {
      return in.readInt();
    } catch (EOFException e) {
      throw new IdxFormatException(source + ": truncated header, missing " + what);
    }
  }

  private static byte[] readBody(DataInputStream in, int size, String source) throws IOException {
    byte[] body = new byte[size];
    int read = in.readNBytes(body, 0, size);
    if (read < size) {
      throw new IdxFormatException(
          source
              + ": truncated, header promises "
              + size
              + " data bytes but only "
              + read
              + " follow");
    }
    return body;
  }
}
