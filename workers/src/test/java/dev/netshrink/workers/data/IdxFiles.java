package dev.netshrink.workers.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.zip.GZIPOutputStream;

/** Builds small IDX files in memory for tests. */
final class IdxFiles {

  private IdxFiles() {}

  static byte[] images(int magic, int count, int rows, int cols, byte[] pixels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(magic);
      out.writeInt(count);
      out.writeInt(rows);
      out.writeInt(cols);
      out.write(pixels);
    }
    return bytes.toByteArray();
  }

  static byte[] labels(int magic, byte... labels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(magic);
      out.writeInt(labels.length);
      out.write(labels);
    }
    return bytes.toByteArray();
  }

  static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(plain);
    }
    return bytes.toByteArray();
  }
}
