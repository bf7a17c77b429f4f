package dev.netshrink.protocol.event;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.netshrink.protocol.wire.Checks;

/**
 * The teacher's training-set logits are on the logits topic under {@code logitsKey}, a key of their
 * content; {@code reused} when an earlier teacher of the same weights and data had put them there
 * and this one computed none (false in events written before logits were keyed by content).
 */
public record LogitsPublished(
    String eventId,
    @JsonUnwrapped TrialRef ref,
    long atMillis,
    String logitsKey,
    int images,
    int classes,
    String precision,
    int blocks,
    long bytes,
    boolean reused)
    implements TrialEvent {

  @Override
  public void validate() {
    TrialEvent.super.validate();
    Checks.id(logitsKey, "logitsKey");
    Checks.atLeast(images, 1, "images");
    Checks.atLeast(classes, 1, "classes");
    if (!"fp16".equals(precision) && !"fp32".equals(precision)) {
      throw new IllegalArgumentException("precision must be fp16 or fp32, not " + precision);
    }
    Checks.atLeast(blocks, 1, "blocks");
    Checks.atLeast(bytes, 0, "bytes");
  }
}
