package dev.netshrink.protocol.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * NaN and the infinities written as JSON {@code null}, and {@code null} read back as NaN where the
 * field is a primitive {@code double}. A sweep point that was not fine-tuned has no accuracy: as
 * the token {@code NaN} that made results.json, the API and every record invalid JSON for browsers,
 * {@code jq}, Node's {@code JSON.parse} and pandas. Records written before still read (the mapper
 * accepts the {@code NaN} token), and an absent field still reads as 0.
 */
final class NonFiniteAsNull {

  private NonFiniteAsNull() {}

  static SimpleModule module() {
    SimpleModule module = new SimpleModule("netshrink-non-finite-as-null");
    module.addSerializer(Double.class, new DoubleWriter());
    module.addSerializer(double.class, new DoubleWriter());
    module.addSerializer(Float.class, new FloatWriter());
    module.addSerializer(float.class, new FloatWriter());
    module.addDeserializer(double.class, new NullAsNaN());
    return module;
  }

  private static final class DoubleWriter extends StdSerializer<Double> {
    private static final long serialVersionUID = 1L;

    DoubleWriter() {
      super(Double.class);
    }

    @Override
    public void serialize(Double value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      if (Double.isFinite(value)) {
        gen.writeNumber(value);
      } else {
        gen.writeNull();
      }
    }
  }

  private static final class FloatWriter extends StdSerializer<Float> {
    private static final long serialVersionUID = 1L;

    FloatWriter() {
      super(Float.class);
    }

    @Override
    public void serialize(Float value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      if (Float.isFinite(value)) {
        gen.writeNumber(value);
      } else {
        gen.writeNull();
      }
    }
  }

  /** Jackson's own primitive double reader, with NaN for null and 0 for a missing field. */
  private static final class NullAsNaN extends NumberDeserializers.DoubleDeserializer {
    private static final long serialVersionUID = 1L;

    NullAsNaN() {
      super(double.class, Double.NaN);
    }

    @Override
    public Object getAbsentValue(DeserializationContext context) {
      return 0.0;
    }
  }
}
