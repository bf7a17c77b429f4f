package dev.netshrink.workers.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netshrink.workers.data.FashionMnistFiles;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.distill.LogitsComputer;
import dev.netshrink.workers.eval.Evaluator;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TorchScriptTeacherTest {

  private final ImageDataset test = FashionMnistFiles.test().limit(1000);

  @Test
  void aTracedPyTorchTeacherComputesPyTorchsLogitsInDjl() throws Exception {
    JsonNode golden = new ObjectMapper().readTree(resource("fashion_teacher_golden.json").toFile());
    try (Model teacher = TorchScriptTeacher.load(resource("fashion_teacher.pt"))) {
      float[] logits = LogitsComputer.compute(teacher, test.limit(64), 32).values();

      JsonNode expected = golden.get("logits");
      assertThat(logits).hasSize(expected.size());
      for (int i = 0; i < logits.length; i++) {
        assertThat(logits[i])
            .as("logit %d", i)
            .isCloseTo((float) expected.get(i).asDouble(), within(1e-4f));
      }
      assertThat(Evaluator.accuracy(teacher, test, 250))
          .isCloseTo(golden.get("accuracy1000").asDouble(), within(1e-6));
      assertThat(TorchScriptTeacher.parameterCount(teacher))
          .isEqualTo(golden.get("parameters").asLong());
    }
  }

  @Test
  void aMissingFileIsNamed() {
    assertThatThrownBy(() -> TorchScriptTeacher.load(Path.of("/nowhere/teacher.pt")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("/nowhere/teacher.pt");
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(TorchScriptTeacherTest.class.getResource("/torchscript/" + name).toURI());
  }
}
