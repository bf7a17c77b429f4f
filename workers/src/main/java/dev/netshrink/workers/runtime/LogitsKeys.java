package dev.netshrink.workers.runtime;

import dev.netshrink.protocol.wire.LogitsBlock;
import dev.netshrink.workers.data.ImageDataset;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The key a teacher's logits go under, made of what decides them and nothing else: the teacher's
 * weights (its parameter file, or a TorchScript file), the training split's pixels as the students
 * see them (values, shape, normalization), whether the mirrored view is included, and the precision
 * they travel at. Two campaigns with the same teacher and data get the same key, so the second
 * finds the first's logits on the (compacted) topic and computes none; a teacher retrained to other
 * weights, other data or another precision gets another key.
 */
final class LogitsKeys {

  /** Bump when what the key covers changes, so that no old key is taken for a new one. */
  private static final String VERSION = "netshrink-logits-1";

  private LogitsKeys() {}

  static String of(
      byte[] teacher, ImageDataset train, boolean mirrored, LogitsBlock.Precision precision) {
    MessageDigest sha = sha256();
    sha.update(VERSION.getBytes(StandardCharsets.UTF_8));
    sha.update(ByteBuffer.allocate(Long.BYTES).putLong(teacher.length).flip());
    sha.update(teacher);
    sha.update(
        ByteBuffer.allocate(3 * Integer.BYTES + 2)
            .putInt(train.count())
            .putInt(train.classes())
            .putInt(train.imageSize())
            .put((byte) (mirrored ? 1 : 0))
            .put(precision.code())
            .flip());
    train.store().digest(sha);
    // 128 bits name a set among any number a topic will ever hold
    return "logits-" + HexFormat.of().formatHex(sha.digest(), 0, 16);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
