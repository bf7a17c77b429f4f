package dev.netshrink.protocol.wire;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary logits: version byte, precision byte, five big-endian ints (blockIndex, blocks, offset,
 * count, classes), then count*classes values as fp32 or fp16. No JSON floats: a 60k x 10 logits set
 * is 1.2 MB in fp16 instead of ~10 MB of text.
 */
public final class LogitsBlockSerde implements Serde<LogitsBlock> {

  static final byte VERSION = 1;
  private static final int HEADER = 2 + 5 * Integer.BYTES;

  @Override
  public Serializer<LogitsBlock> serializer() {
    return (topic, block) -> block == null ? null : encode(block);
  }

  @Override
  public Deserializer<LogitsBlock> deserializer() {
    return (topic, bytes) -> bytes == null ? null : decode(bytes);
  }

  /** The bytes {@link #encode} writes for {@code b}. */
  public static int encodedSize(LogitsBlock b) {
    boolean half = b.precision() == LogitsBlock.Precision.FP16;
    return HEADER + b.values().length * (half ? 2 : 4);
  }

  public static byte[] encode(LogitsBlock b) {
    boolean half = b.precision() == LogitsBlock.Precision.FP16;
    ByteBuffer buf = ByteBuffer.allocate(encodedSize(b));
    buf.put(VERSION)
        .put(b.precision().code())
        .putInt(b.blockIndex())
        .putInt(b.blocks())
        .putInt(b.offset())
        .putInt(b.count())
        .putInt(b.classes());
    if (half) {
      for (float v : b.values()) {
        buf.putShort(Half.fromFloat(v));
      }
    } else {
      buf.asFloatBuffer().put(b.values());
    }
    return buf.array();
  }

  public static LogitsBlock decode(byte[] bytes) {
    if (bytes.length < HEADER || bytes[0] != VERSION) {
      throw new SerializationException(
          "not a version-"
              + VERSION
              + " logits block ("
              + bytes.length
              + " bytes"
              + (bytes.length > 0 ? ", version " + bytes[0] : "")
              + ")");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    buf.get();
    int precision = buf.get();
    LogitsBlock.Precision p =
        LogitsBlock.Precision.ofCode(precision)
            .orElseThrow(() -> new SerializationException("unknown logits precision " + precision));
    int blockIndex = buf.getInt();
    int blocks = buf.getInt();
    int offset = buf.getInt();
    int count = buf.getInt();
    int classes = buf.getInt();
    // a reader copies the values to offset * classes: a bad index or offset must not reach it
    if (blockIndex < 0 || blockIndex >= blocks || offset < 0) {
      throw new SerializationException(
          "logits block "
              + blockIndex
              + " of "
              + blocks
              + " at offset "
              + offset
              + " is out of range");
    }
    long n = (long) count * classes;
    int width = p == LogitsBlock.Precision.FP16 ? 2 : 4;
    if (count < 0 || classes < 0 || buf.remaining() != n * width) {
      throw new SerializationException(
          "logits block of "
              + count
              + " x "
              + classes
              + " needs "
              + n * width
              + " value bytes, has "
              + buf.remaining());
    }
    float[] values = new float[(int) n];
    if (p == LogitsBlock.Precision.FP16) {
      for (int i = 0; i < values.length; i++) {
        values[i] = Half.toFloat(buf.getShort());
      }
    } else {
      buf.asFloatBuffer().get(values);
    }
    return new LogitsBlock(blockIndex, blocks, offset, count, classes, p, values);
  }
}
