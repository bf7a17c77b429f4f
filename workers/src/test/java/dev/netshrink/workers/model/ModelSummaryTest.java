package dev.netshrink.workers.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netshrink.protocol.spec.Architecture;
import dev.netshrink.workers.golden.GoldenFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelSummaryTest {

  private static final Set<String> PARAMETRIC =
      Set.of("Conv2d", "BatchNorm2d", "BatchNorm1d", "Linear");

  @Test
  void layersShapesAndCountsEqualPyTorchsForEveryArchitecture() throws IOException {
    JsonNode cases = GoldenFiles.read("model_summaries.json").get("cases");
    Set<Architecture> covered = new HashSet<>();
    for (JsonNode golden : cases) {
      Architecture arch = Architecture.fromWireName(golden.get("arch").asText());
      covered.add(arch);
      List<Integer> widths =
          golden.get("widths").isNull()
              ? null
              : new ObjectMapper()
                  .convertValue(
                      golden.get("widths"),
                      new com.fasterxml.jackson.core.type.TypeReference<List<Integer>>() {});
      JsonNode in = golden.get("input");
      Shape input = new Shape(1, in.get(0).asLong(), in.get(1).asLong(), in.get(2).asLong());
      try (NDManager manager = NDManager.newBaseManager()) {
        // given the architecture as netshrink builds it
        Block block =
            Architectures.build(arch, in.get(0).asInt(), widths, golden.get("classes").asInt());
        block.initialize(manager, DataType.FLOAT32, input);

        // when
        List<ModelSummary.Row> rows = ModelSummary.rows(block, input);

        // then every parametric layer matches PyTorch's, in order, and so does the total
        List<String> ours = new ArrayList<>();
        rows.stream()
            .filter(r -> PARAMETRIC.contains(r.type()))
            .forEach(r -> ours.add(r.type() + " " + r.output().slice(1) + " " + r.parameters()));
        List<String> theirs = new ArrayList<>();
        golden
            .get("rows")
            .forEach(
                r ->
                    theirs.add(
                        r.get("type").asText()
                            + " "
                            + GoldenFiles.shape(r.get("output"))
                            + " "
                            + r.get("params").asLong()));
        assertThat(ours).as(arch + " " + widths).containsExactlyElementsOf(theirs);
        assertThat(ModelSummary.totalParameters(rows))
            .as(arch + " " + widths)
            .isEqualTo(golden.get("total").asLong())
            .isEqualTo(ParameterCounts.trainable(block));
      }
    }
    assertThat(cases).hasSize(6);
    assertThat(covered)
        .as("architectures with a golden table")
        .containsExactlyInAnyOrderElementsOf(Architectures.BUILT);
  }

  @Test
  void theTableEndsWithTorchsummarysTotals() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Shape input = new Shape(1, 3, 224, 224);
      Block resnet = ResNet18.build(11);
      resnet.initialize(manager, DataType.FLOAT32, input);

      String table = ModelSummary.format(resnet, input);

      assertThat(table)
          .contains(
              "Conv2d-1",
              "[-1, 64, 112, 112]",
              "9,408",
              "Total params: 11,182,155",
              "Trainable params: 11,182,155",
              "MACs per image: ");
    }
  }
}
