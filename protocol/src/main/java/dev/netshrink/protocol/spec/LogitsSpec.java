package dev.netshrink.protocol.spec;

/** How teacher logits travel over Kafka: {@code fp16} halves the bytes, {@code fp32} is exact. */
public record LogitsSpec(String precision) {

  public static final LogitsSpec DEFAULT = new LogitsSpec("fp16");
}
