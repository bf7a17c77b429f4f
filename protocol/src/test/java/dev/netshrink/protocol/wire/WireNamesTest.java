package dev.netshrink.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import dev.netshrink.protocol.job.JobSpec;
import dev.netshrink.protocol.spec.Architecture;
import dev.netshrink.protocol.spec.ModelRole;
import dev.netshrink.protocol.spec.PruningMethod;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The enums travel as the strings they replaced, so the JSON on Kafka reads as before. */
class WireNamesTest {

  @Test
  void everyConstantIsWrittenAsItsName() throws Exception {
    assertThat(Json.MAPPER.writeValueAsString(Architecture.values())).isEqualTo(
        "[\"teacher-cnn\",\"resnet18\",\"torchscript\",\"dw-student\",\"hw13-student\"]");
    assertThat(Json.MAPPER.writeValueAsString(PruningMethod.values())).isEqualTo(
        "[\"l1-unstructured\",\"global-l1-unstructured\",\"l1-structured\",\"l2-structured\"]");
    assertThat(Json.MAPPER.writeValueAsString(ModelRole.values()))
        .isEqualTo("[\"teacher\",\"student\"]");
  }

  @Test
  void aPruneTargetReadsAndWritesTheSameJsonAsWhenItsFieldsWereStrings() throws Exception {
    String json = "{\"model\":\"student\",\"arch\":\"hw13-student\",\"widths\":[8,16],"
        + "\"checkpointTrialId\":\"c/kd\",\"alpha\":0.5,\"temperature\":4.0}";
    var target = new JobSpec.PruneTarget(ModelRole.STUDENT, Architecture.HW13_STUDENT,
        List.of(8, 16), "c/kd", 0.5, 4.0);

    assertThat(Json.MAPPER.writeValueAsString(target)).isEqualTo(json);
    assertThat(Json.MAPPER.readValue(json, JobSpec.PruneTarget.class)).isEqualTo(target);
  }

  @Test
  void anUnknownNameOnTheWireFailsToDecodeInsteadOfReadingAsNull() {
    assertThatThrownBy(() -> Json.MAPPER.readValue("\"resnet50\"", Architecture.class))
        .isInstanceOf(InvalidFormatException.class).hasMessageContaining("resnet50");
  }

  @Test
  void namesAreFoundAndListed() {
    assertThat(Architecture.fromWireName("dw-student")).isEqualTo(Architecture.DW_STUDENT);
    assertThat(WireName.find(PruningMethod.class, "l2-structured"))
        .contains(PruningMethod.L2_STRUCTURED);
    assertThat(WireName.find(ModelRole.class, "TEACHER")).isEmpty();
    assertThatThrownBy(() -> Architecture.fromWireName("resnet50"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'resnet50' is not one of"
            + " [dw-student, hw13-student, resnet18, teacher-cnn, torchscript]");
  }
}
