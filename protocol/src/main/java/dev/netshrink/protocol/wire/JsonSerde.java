package dev.netshrink.protocol.wire;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * JSON values for control-plane topics. Decoding validates: a JSON {@code null}, and a value that
 * fails its own {@link Validated#validate()}, are errors like malformed JSON, and all surface as
 * Kafka's SerializationException (so the record is dead-lettered, never handled).
 */
public final class JsonSerde<T> implements Serde<T> {

  private final Class<T> type;

  public JsonSerde(Class<T> type) {
    this.type = type;
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> {
      try {
        return value == null ? null : Json.MAPPER.writeValueAsBytes(value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      T value;
      try {
        value = Json.MAPPER.readValue(bytes, type);
      } catch (IOException e) {
        throw new SerializationException(
            "cannot decode " + type.getSimpleName() + " from " + topic + ": " + e.getMessage(), e);
      }
      if (value == null) {
        throw new SerializationException(
            "a JSON null on " + topic + " is not a " + type.getSimpleName());
      }
      if (value instanceof Validated checked) {
        try {
          checked.validate();
        } catch (IllegalArgumentException e) {
          throw new SerializationException(
              "invalid "
                  + value.getClass().getSimpleName()
                  + " on "
                  + topic
                  + ": "
                  + e.getMessage(),
              e);
        }
      }
      return value;
    };
  }
}
