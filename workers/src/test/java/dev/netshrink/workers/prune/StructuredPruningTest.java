package dev.netshrink.workers.prune;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class StructuredPruningTest {

  @Test
  void keepsTheChannelsPyTorchLnStructuredKeepsIncludingTies() throws IOException {
    int checked = 0;
    int tieCases = 0;
    for (JsonNode tensor : golden().get("tensors")) {
      for (JsonNode golden : tensor.get("cases")) {
        try (NDManager manager = NDManager.newBaseManager()) {
          // given a weight tensor from structured_golden.py
          NDArray weight = manager.create(floats(tensor.get("weight")), shape(tensor.get("shape")));
          int channels = Math.toIntExact(weight.getShape().get(0));

          // when
          int[] kept = StructuredPruning.keptChannels(weight, golden.get("amount").asDouble(),
              golden.get("n").asInt());

          // then the same channels survive as with torch.nn.utils.prune.ln_structured(dim=0)
          assertThat(mask(kept, channels)).as("%s n=%d amount %s", tensor.get("name").asText(),
              golden.get("n").asInt(), golden.get("amount").asDouble())
              .isEqualTo(golden.get("mask").asText());
        }
        checked++;
        tieCases += golden.get("lowestIndexRuleAgrees").asBoolean() ? 0 : 1;
      }
    }
    assertThat(checked).isEqualTo(5 * 2 * 10);
    assertThat(tieCases).as("cases where an index rule would have failed").isGreaterThan(15);
  }

  private static String mask(int[] kept, int channels) {
    char[] mask = "0".repeat(channels).toCharArray();
    for (int channel : kept) {
      mask[channel] = '1';
    }
    return new String(mask);
  }

  private static JsonNode golden() throws IOException {
    try (InputStream in = StructuredPruningTest.class.getResourceAsStream(
        "/golden/structured_masks.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  private static Shape shape(JsonNode dims) {
    long[] values = new long[dims.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = dims.get(i).asLong();
    }
    return new Shape(values);
  }

  private static float[] floats(JsonNode array) {
    float[] values = new float[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) array.get(i).asDouble();
    }
    return values;
  }
}
