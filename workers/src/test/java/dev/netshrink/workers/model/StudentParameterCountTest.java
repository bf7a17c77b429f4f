package dev.netshrink.workers.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netshrink.protocol.spec.Architecture;
import dev.netshrink.protocol.spec.ModelRole;
import dev.netshrink.protocol.spec.StudentShape;
import dev.netshrink.workers.golden.GoldenFiles;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The analytic count, DJL's built network and PyTorch's count of the same architecture agree. */
class StudentParameterCountTest {

  @Test
  void analyticCountMatchesDjlAndPyTorch() throws IOException {
    for (JsonNode golden : golden().get("students")) {
      // given a student architecture PyTorch has counted (student_params_golden.py)
      int inChannels = golden.get("inChannels").asInt();
      int[] widths = ints(golden.get("widths"));
      int classes = golden.get("classes").asInt();
      DepthwiseStudentShape shape = DepthwiseStudentShape.of(inChannels, widths, classes);

      try (NDManager manager = NDManager.newBaseManager()) {
        // when DJL builds and initializes it
        Block block =
            TestNetworks.initialized(
                DepthwiseStudent.build(shape), manager, new Shape(2, inChannels, 28, 28));
        NDArray out =
            block
                .forward(
                    new ParameterStore(manager, false),
                    new NDList(manager.zeros(new Shape(2, inChannels, 28, 28))),
                    false)
                .singletonOrThrow();

        // then all three counts agree, and so does the output shape
        long pytorch = golden.get("parameters").asLong();
        assertThat(shape.parameterCount()).as("analytic count for %s", shape).isEqualTo(pytorch);
        assertThat(ParameterCounts.trainable(block))
            .as("DJL count for %s", shape)
            .isEqualTo(pytorch);
        assertThat(out.getShape()).isEqualTo(new Shape(2, classes));
      }
    }
  }

  @Test
  void theValidatorsCountIsTheModelsCountAndPyTorchsForEveryStudentAndStem() {
    int students = 0;
    for (JsonNode golden : GoldenFiles.read("model_summaries.json").get("cases")) {
      // given a student PyTorch has summarized (summary_golden.py), 3x3 stem or 7x7
      Architecture arch = Architecture.fromWireName(golden.get("arch").asText());
      if (arch.role() != ModelRole.STUDENT) {
        continue;
      }
      int inChannels = golden.get("input").get(0).asInt();
      List<Integer> widths = new ArrayList<>();
      golden.get("widths").forEach(w -> widths.add(w.asInt()));
      if (widths.isEmpty()) { // null: the architecture's default widths
        widths.addAll(StudentShape.defaultWidths(arch));
      }
      int classes = golden.get("classes").asInt();

      // when the validator and the model count it
      long validator = StudentShape.parameterCount(arch, inChannels, widths, classes);
      long model = Architectures.studentShape(arch, inChannels, widths, classes).parameterCount();

      // then both say what PyTorch says
      assertThat(validator).as("%s %s", arch, widths).isEqualTo(golden.get("total").asLong());
      assertThat(model).as("%s %s", arch, widths).isEqualTo(validator);
      students++;
    }
    assertThat(students).isEqualTo(4);
  }

  @Test
  void theHomeworkStudentWithItsReferenceWidthsIsCountedWithItsSevenBySevenStem() {
    // PyTorch's total for hw13-student 64-64-128-256-8, 3x224x224, 11 classes (summary golden)
    List<Integer> reference = List.of(64, 64, 128, 256, 8);

    assertThat(
            Architectures.studentShape(Architecture.HW13_STUDENT, 3, reference, 11)
                .parameterCount())
        .isEqualTo(63_283);
    assertThat(StudentShape.parameterCount(Architecture.HW13_STUDENT, 3, reference, 11))
        .isEqualTo(63_283);
  }

  @Test
  void djlBatchNormTrainsGammaAndBetaOnly() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Block norm =
          TestNetworks.initialized(BatchNorm.builder().build(), manager, new Shape(2, 5, 3, 3));

      List<String> trainable = new ArrayList<>();
      List<String> all = new ArrayList<>();
      for (Pair<String, Parameter> parameter : norm.getParameters()) {
        all.add(parameter.getKey());
        if (parameter.getValue().requiresGradient()) {
          trainable.add(parameter.getKey());
        }
      }

      assertThat(all).containsExactly("gamma", "beta", "runningMean", "runningVar");
      assertThat(trainable).containsExactly("gamma", "beta");
      assertThat(ParameterCounts.trainable(norm)).isEqualTo(10);
    }
  }

  private static JsonNode golden() throws IOException {
    try (InputStream in =
        StudentParameterCountTest.class.getResourceAsStream("/golden/student_params.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  private static int[] ints(JsonNode array) {
    int[] values = new int[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asInt();
    }
    return values;
  }
}
