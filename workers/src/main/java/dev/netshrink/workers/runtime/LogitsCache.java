package dev.netshrink.workers.runtime;

import dev.netshrink.workers.distill.TeacherLogits;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The teacher logits this worker has read, kept so that its next job of the same teacher and data
 * reads nothing from Kafka: a worker's later packs and a pruner's slices of one campaign share
 * them, and so does a later campaign whose teacher left the same content-keyed logits. Bounded by
 * bytes; the least recently used set goes first. A set larger than the bound is not kept.
 */
final class LogitsCache {

  /** 256 MiB: Fashion-MNIST's 60,000 x 10 logits of both views take 4.8 MB. */
  static final long DEFAULT_BYTES = 268_435_456L;

  /** What a read asks for: one key's rows of {@code images} images, with or without mirrors. */
  record Key(String logitsKey, int images, int classes, boolean mirrored) {}

  private final long maxBytes;
  private final Map<Key, TeacherLogits> entries = new LinkedHashMap<>(4, 0.75f, true);
  private long bytes;

  LogitsCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  synchronized Optional<TeacherLogits> get(Key key) {
    return Optional.ofNullable(entries.get(key));
  }

  synchronized void put(Key key, TeacherLogits logits) {
    long size = sizeOf(logits);
    if (size > maxBytes || entries.containsKey(key)) {
      return;
    }
    entries.put(key, logits);
    bytes += size;
    Iterator<TeacherLogits> eldest = entries.values().iterator();
    while (bytes > maxBytes) {
      bytes -= sizeOf(eldest.next());
      eldest.remove();
    }
  }

  synchronized long bytes() {
    return bytes;
  }

  private static long sizeOf(TeacherLogits logits) {
    long values = (long) logits.images() * logits.classes();
    return Float.BYTES * (logits.hasMirrored() ? 2 * values : values);
  }
}
