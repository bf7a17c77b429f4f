package dev.netshrink.workers.prune;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import dev.netshrink.workers.golden.GoldenFiles;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class StructuredPruningTest {

  @Test
  void keepsTheChannelsPyTorchLnStructuredKeepsIncludingTies() throws IOException {
    int checked = 0;
    int tieCases = 0;
    for (JsonNode tensor : GoldenFiles.read("structured_masks.json").get("tensors")) {
      for (JsonNode golden : tensor.get("cases")) {
        try (NDManager manager = NDManager.newBaseManager()) {
          // given a weight tensor from structured_golden.py
          NDArray weight =
              manager.create(
                  GoldenFiles.floats(tensor.get("weight")), GoldenFiles.shape(tensor.get("shape")));
          int channels = Math.toIntExact(weight.getShape().get(0));

          // when
          int[] kept =
              StructuredPruning.channelsKeptAfterPruning(
                  weight, golden.get("amount").asDouble(), golden.get("n").asInt());

          // then the same channels survive as with torch.nn.utils.prune.ln_structured(dim=0)
          assertThat(mask(kept, channels))
              .as(
                  "%s n=%d amount %s",
                  tensor.get("name").asText(),
                  golden.get("n").asInt(),
                  golden.get("amount").asDouble())
              .isEqualTo(golden.get("mask").asText());
        }
        checked++;
        tieCases += golden.get("lowestIndexRuleAgrees").asBoolean() ? 0 : 1;
      }
    }
    assertThat(checked).isEqualTo(5 * 2 * 10);
    assertThat(tieCases).as("cases where an index rule would have failed").isGreaterThan(15);
  }

  @Test
  void aFractionToPruneAndANumberToKeepHaveNamesOfTheirOwn() {
    try (NDManager manager = NDManager.newBaseManager()) {
      // given four output channels of L1 norms 4, 1, 3, 2
      NDArray weight = manager.create(new float[] {4, -1, 3, 2}, new Shape(4, 1));

      // then pruning all of them keeps none, and keeping one keeps the strongest
      assertThat(StructuredPruning.channelsKeptAfterPruning(weight, 1, 1)).isEmpty();
      assertThat(StructuredPruning.channelsKeptAfterPruning(weight, 0.5, 1)).containsExactly(0, 2);
      assertThat(StructuredPruning.strongestChannels(weight, 1, 1)).containsExactly(0);
      assertThat(StructuredPruning.strongestChannels(weight, 3, 1)).containsExactly(0, 2, 3);
    }
  }

  private static String mask(int[] kept, int channels) {
    char[] mask = "0".repeat(channels).toCharArray();
    for (int channel : kept) {
      mask[channel] = '1';
    }
    return new String(mask);
  }
}
