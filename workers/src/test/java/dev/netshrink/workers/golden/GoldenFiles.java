package dev.netshrink.workers.golden;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the golden JSON files written by the scripts in {@code src/test/python}. */
public final class GoldenFiles {

  private GoldenFiles() {}

  /** A file under {@code src/test/resources/golden}, e.g. {@code "prune_masks.json"}. */
  public static JsonNode read(String name) {
    try (InputStream in = GoldenFiles.class.getResourceAsStream("/golden/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no golden file " + name);
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Shape shape(JsonNode dims) {
    long[] values = new long[dims.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = dims.get(i).asLong();
    }
    return new Shape(values);
  }

  public static float[] floats(JsonNode array) {
    float[] values = new float[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) array.get(i).asDouble();
    }
    return values;
  }
}
