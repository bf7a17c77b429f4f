package dev.netshrink.protocol.wire;

import java.util.Arrays;
import java.util.Optional;

/**
 * A contiguous run of teacher logits: images {@code [offset, offset + count)} of the training
 * split, {@code classes} values each, row-major. {@code blocks} is the total number of blocks under
 * the same logits key, so a reader knows when it has them all.
 */
public record LogitsBlock(
    int blockIndex,
    int blocks,
    int offset,
    int count,
    int classes,
    Precision precision,
    float[] values) {

  /** How values travel: fp16 halves the bytes at ~3 significant digits. */
  public enum Precision {
    FP32(0),
    FP16(1);

    /** The byte that names it in a block's header: fixed, whatever order the constants take. */
    private final byte code;

    Precision(int code) {
      this.code = (byte) code;
    }

    public byte code() {
      return code;
    }

    /** The precision named by {@code code}, if any. */
    public static Optional<Precision> ofCode(int code) {
      return Arrays.stream(values()).filter(p -> p.code == code).findFirst();
    }
  }

  public LogitsBlock {
    if (values.length != count * classes) {
      throw new IllegalArgumentException(
          "values has " + values.length + " floats, expected " + count + " x " + classes);
    }
  }

  public static String recordKey(String logitsKey, int blockIndex) {
    return logitsKey + "/" + blockIndex;
  }
}
