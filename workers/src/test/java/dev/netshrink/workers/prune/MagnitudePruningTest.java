package dev.netshrink.workers.prune;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import dev.netshrink.workers.golden.GoldenFiles;
import dev.netshrink.workers.model.DepthwiseStudent;
import dev.netshrink.workers.model.DepthwiseStudentShape;
import dev.netshrink.workers.model.TestNetworks;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MagnitudePruningTest {

  @Test
  void masksMatchPyTorchL1UnstructuredIncludingTies() throws IOException {
    int checked = 0;
    int tieCases = 0;
    for (JsonNode tensor : GoldenFiles.read("prune_masks.json").get("tensors")) {
      for (JsonNode golden : tensor.get("cases")) {
        double amount = golden.get("amount").asDouble();
        try (NDManager manager = NDManager.newBaseManager()) {
          // given a weight tensor from prune_golden.py
          NDArray weight =
              manager.create(
                  GoldenFiles.floats(tensor.get("weight")), GoldenFiles.shape(tensor.get("shape")));

          // when
          String mask = maskString(MagnitudePruning.l1Unstructured(weight, amount));

          // then the same weights are pruned as torch.nn.utils.prune.l1_unstructured prunes
          assertThat(mask)
              .as("%s amount %s", tensor.get("name").asText(), amount)
              .isEqualTo(golden.get("mask").asText());
        }
        checked++;
        tieCases += golden.get("lowestIndexRuleAgrees").asBoolean() ? 0 : 1;
      }
    }
    assertThat(checked).isEqualTo(7 * 13);
    assertThat(tieCases).as("cases where an index rule would have failed").isGreaterThan(30);
  }

  @Test
  void globalMasksMatchPyTorchGlobalUnstructuredAcrossLayersIncludingTies() throws IOException {
    int checked = 0;
    int tieCases = 0;
    for (JsonNode set : GoldenFiles.read("global_prune_masks.json").get("layerSets")) {
      for (JsonNode golden : set.get("cases")) {
        try (NDManager manager = NDManager.newBaseManager()) {
          List<NDArray> layers = new ArrayList<>();
          for (int i = 0; i < set.get("weights").size(); i++) {
            layers.add(
                manager.create(
                    GoldenFiles.floats(set.get("weights").get(i)),
                    GoldenFiles.shape(set.get("shapes").get(i))));
          }

          List<NDArray> masks =
              MagnitudePruning.globalL1Unstructured(layers, golden.get("amount").asDouble());

          for (int i = 0; i < masks.size(); i++) {
            assertThat(maskString(masks.get(i)))
                .as(
                    "%s amount %s layer %d",
                    set.get("name").asText(), golden.get("amount").asDouble(), i)
                .isEqualTo(golden.get("masks").get(i).asText());
          }
        }
        checked++;
        tieCases += golden.get("lowestIndexRuleAgrees").asBoolean() ? 0 : 1;
      }
    }
    assertThat(checked).isEqualTo(3 * 8);
    assertThat(tieCases).as("cases where an index rule would have failed").isGreaterThan(5);
  }

  @Test
  void countsLikePythonRoundHalfToEven() {
    assertThat(MagnitudePruning.prunedCount(0.05, 10)).isZero();
    assertThat(MagnitudePruning.prunedCount(0.15, 10)).isEqualTo(2);
    assertThat(MagnitudePruning.prunedCount(0.25, 10)).isEqualTo(2);
    assertThat(MagnitudePruning.prunedCount(0.95, 10)).isEqualTo(10);
    assertThat(MagnitudePruning.prunedCount(0.5, 288)).isEqualTo(144);
  }

  @Test
  void prunesConvolutionsOnlyLayerByLayer() {
    try (NDManager manager = NDManager.newBaseManager()) {
      // given a small student with random weights
      Block student =
          TestNetworks.initialized(
              DepthwiseStudent.build(DepthwiseStudentShape.of(1, new int[] {8, 16}, 10)),
              manager,
              new Shape(1, 1, 28, 28));
      Map<String, float[]> before = snapshot(student);

      // when half of every conv weight is pruned
      long nonZero = MagnitudePruning.pruneConvWeights(student, 0.5);

      // then conv weights lose exactly round(numel/2) each; BatchNorm and linear are untouched
      assertThat(nonZero).isEqualTo(36 + 36 + 64);
      for (Pair<String, Parameter> parameter : student.getParameters()) {
        float[] now = parameter.getValue().getArray().toFloatArray();
        if (ConvWeights.of(student).contains(parameter.getValue())) {
          assertThat(countZeros(now)).as(parameter.getKey()).isEqualTo(now.length / 2);
        } else {
          assertThat(now).as(parameter.getKey()).containsExactly(before.get(parameter.getKey()));
        }
      }
    }
  }

  private static Map<String, float[]> snapshot(Block block) {
    Map<String, float[]> values = new HashMap<>();
    for (Pair<String, Parameter> parameter : block.getParameters()) {
      values.put(parameter.getKey(), parameter.getValue().getArray().toFloatArray());
    }
    return values;
  }

  private static int countZeros(float[] values) {
    int zeros = 0;
    for (float value : values) {
      zeros += value == 0f ? 1 : 0;
    }
    return zeros;
  }

  private static String maskString(NDArray mask) {
    StringBuilder text = new StringBuilder();
    for (float value : mask.toFloatArray()) {
      text.append(value == 0f ? '0' : '1');
    }
    return text.toString();
  }
}
