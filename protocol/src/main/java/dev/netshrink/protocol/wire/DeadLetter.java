package dev.netshrink.protocol.wire;

/**
 * A record no consumer could decode, kept with where it came from and why it failed, so nothing is
 * lost and an operator can replay or inspect it.
 */
public record DeadLetter(
    String sourceTopic,
    int partition,
    long offset,
    String consumer,
    String error,
    byte[] key,
    byte[] value,
    long atMillis) {}
