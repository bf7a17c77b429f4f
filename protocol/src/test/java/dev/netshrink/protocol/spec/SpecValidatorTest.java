package dev.netshrink.protocol.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecValidatorTest {

  @Test
  void minimalSpecGetsEveryDefault() {
    CampaignSpec spec = SpecValidator.load("name: tiny\n", false);

    assertThat(spec.teacher().epochs()).isEqualTo(3);
    assertThat(spec.student().schedule()).isEqualTo("cosine");
    assertThat(spec.student().maxParams()).isEqualTo(60_000);
    assertThat(spec.distillation().alphas()).containsExactly(0.5, 0.9);
    assertThat(spec.pruning().ratios().values()).hasSize(20).startsWith(0.0).endsWith(0.95);
  }

  @Test
  void unknownFieldIsNamedWithItsPath() {
    InvalidSpecException e =
        catchThrowableOfType(
            InvalidSpecException.class,
            () -> SpecValidator.load("name: x\nteacher:\n  epoch: 3\n", false));

    assertThat(e.errors())
        .singleElement()
        .satisfies(
            err -> {
              assertThat(err.field()).isEqualTo("teacher.epoch");
              assertThat(err.reason()).startsWith("unknown field").contains("epochs");
            });
  }

  @Test
  void wrongTypeIsNamedWithItsPath() {
    InvalidSpecException e =
        catchThrowableOfType(
            InvalidSpecException.class,
            () -> SpecValidator.load("student:\n  epochs: three\n", false));

    assertThat(e.errors())
        .singleElement()
        .satisfies(
            err -> {
              assertThat(err.field()).isEqualTo("student.epochs");
              assertThat(err.reason()).contains("'three' is not an integer");
            });
  }

  @Test
  void wrongTypeInsideAListNamesTheIndex() {
    InvalidSpecException e =
        catchThrowableOfType(
            InvalidSpecException.class,
            () -> SpecValidator.load("distillation:\n  alphas: [0.5, high]\n", false));

    assertThat(e.errors())
        .singleElement()
        .satisfies(err -> assertThat(err.field()).isEqualTo("distillation.alphas[1]"));
  }

  @Test
  void studentOverBudgetNamesCountAndBudget() {
    InvalidSpecException e =
        catchThrowableOfType(
            InvalidSpecException.class,
            () -> SpecValidator.load("student:\n  widths: [64, 128, 256, 512]\n", false));

    assertThat(e.errors())
        .singleElement()
        .satisfies(
            err -> {
              assertThat(err.field()).isEqualTo("student.maxParams");
              assertThat(err.reason()).contains("184,586").contains("over the budget of 60,000");
            });
  }

  @Test
  void missingDataPathIsRejected(@TempDir Path empty) {
    InvalidSpecException e =
        catchThrowableOfType(
            InvalidSpecException.class,
            () -> SpecValidator.load("dataset:\n  path: " + empty + "\n", true));

    assertThat(e.errors())
        .singleElement()
        .satisfies(
            err -> {
              assertThat(err.field()).isEqualTo("dataset.path");
              assertThat(err.reason()).contains("train-images-idx3-ubyte");
            });
  }

  @Test
  void presentDataPathIsAccepted(@TempDir Path dir) throws Exception {
    for (String f :
        new String[] {
          "train-images-idx3-ubyte.gz",
          "train-labels-idx1-ubyte.gz",
          "t10k-images-idx3-ubyte.gz",
          "t10k-labels-idx1-ubyte.gz"
        }) {
      Files.createFile(dir.resolve(f));
    }

    assertThat(SpecValidator.load("dataset:\n  path: " + dir + "\n", true).dataset().path())
        .isEqualTo(dir.toString());
  }

  @Test
  void everyRangeProblemIsReportedAtOnce() {
    InvalidSpecException e =
        catchThrowableOfType(
            InvalidSpecException.class,
            () ->
                SpecValidator.load(
                    """
            name: "bad name!"
            teacher: {epochs: 0, arch: resnet999}
            distillation: {alphas: [1.5], temperatures: [0]}
            pruning: {ratios: {from: 0.5, to: 1.2, step: 0.1}, models: [everyone]}
            logits: {precision: fp8}
            """,
                    false));

    assertThat(e.errors())
        .extracting(SpecError::field)
        .containsExactlyInAnyOrder(
            "name",
            "teacher.arch",
            "teacher.epochs",
            "distillation.alphas[0]",
            "distillation.temperatures[0]",
            "logits.precision",
            "pruning.ratios",
            "pruning.models[0]");
  }

  @Test
  void flipsAreOnForFood11AndOffForFashionMnistUnlessTheSpecSays() {
    assertThat(SpecValidator.load("name: a\n", false).dataset().flip()).isFalse();
    assertThat(
            SpecValidator.load("dataset: {kind: food-11, path: /data/f}\n", false).dataset().flip())
        .isTrue();
    assertThat(SpecValidator.load("dataset: {flip: true}\n", false).dataset().flip()).isTrue();
    assertThat(
            SpecValidator.load("dataset: {kind: food-11, path: /data/f, flip: false}\n", false)
                .dataset()
                .flip())
        .isFalse();
    assertThatThrownBy(() -> SpecValidator.load("dataset: {flip: sometimes}\n", false))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("dataset.flip");
  }

  @Test
  void pruningMethodsDefaultToUnstructuredAndStructuredAndAcceptTheOldSingleMethod() {
    assertThat(SpecValidator.load("name: a\n", false).pruning().methods())
        .containsExactly(PruningMethod.L1_UNSTRUCTURED, PruningMethod.L2_STRUCTURED);
    assertThat(SpecValidator.load("pruning: {method: l1-structured}\n", false).pruning())
        .satisfies(
            p -> {
              assertThat(p.methods()).containsExactly(PruningMethod.L1_STRUCTURED);
              assertThat(p.method()).isNull();
            });
  }

  @Test
  void anUnknownPruningMethodOrBothSpellingsAreRejected() {
    InvalidSpecException e =
        catchThrowableOfType(
            InvalidSpecException.class,
            () ->
                SpecValidator.load(
                    """
            pruning: {method: l1-unstructured, methods: [l1-unstructured, l3-structured]}
            """,
                    false));

    assertThat(e.errors())
        .extracting(SpecError::field)
        .containsExactlyInAnyOrder("pruning.method", "pruning.methods[1]");
    assertThat(e.getMessage()).contains("'l3-structured' is not one of");
  }

  @Test
  void anUnknownArchitectureIsNamedWithItsPathAndEveryArchitecture() {
    InvalidSpecException e =
        catchThrowableOfType(
            InvalidSpecException.class,
            () -> SpecValidator.load("student: {arch: hw14-student, epochs: 0}\n", false));

    assertThat(e.errors())
        .containsExactlyInAnyOrder(
            new SpecError(
                "student.arch",
                "'hw14-student' is not one of"
                    + " [dw-student, hw13-student, resnet18, teacher-cnn, torchscript]"),
            new SpecError("student.epochs", "0 must be at least 1"));
  }

  @Test
  void anArchitectureOfTheOtherRoleIsRejectedWithTheArchitecturesOfThisOne() {
    InvalidSpecException e =
        catchThrowableOfType(
            InvalidSpecException.class,
            () ->
                SpecValidator.load(
                    "teacher: {arch: dw-student}\nstudent: {arch: resnet18}\n", false));

    // and no parameter budget for a student that is not one
    assertThat(e.errors())
        .containsExactlyInAnyOrder(
            new SpecError(
                "teacher.arch",
                "'dw-student' is not a teacher architecture, one of"
                    + " [resnet18, teacher-cnn, torchscript]"),
            new SpecError(
                "student.arch",
                "'resnet18' is not a student architecture, one of"
                    + " [dw-student, hw13-student]"));
  }

  @Test
  void aNumberIsNotAnArchitectureEvenWhereItCouldBeAnIndex() {
    InvalidSpecException e =
        catchThrowableOfType(
            InvalidSpecException.class, () -> SpecValidator.load("teacher: {arch: 1}\n", false));

    assertThat(e.errors())
        .singleElement()
        .satisfies(
            err -> {
              assertThat(err.field()).isEqualTo("teacher.arch");
              assertThat(err.reason()).startsWith("wrong type").contains("teacher-cnn");
            });
  }

  @Test
  void unknownOrMissingPrunedModelsAndMethodsAreNamedByIndex() {
    InvalidSpecException e =
        catchThrowableOfType(
            InvalidSpecException.class,
            () ->
                SpecValidator.load(
                    "pruning: {models: [student, teachers], methods: [~]}\n", false));

    assertThat(e.errors())
        .containsExactlyInAnyOrder(
            new SpecError("pruning.models[1]", "'teachers' is not one of [student, teacher]"),
            new SpecError(
                "pruning.methods[0]",
                "must be one of [global-l1-unstructured,"
                    + " l1-structured, l1-unstructured, l2-structured]"));
  }

  @Test
  void namesResolveToTheirConstants() {
    CampaignSpec spec =
        SpecValidator.load(
            """
        teacher: {arch: resnet18}
        student: {arch: hw13-student}
        pruning: {methods: [global-l1-unstructured, l1-structured], models: [student]}
        """,
            false);

    assertThat(spec.teacher().arch()).isEqualTo(Architecture.RESNET18);
    assertThat(spec.student().arch()).isEqualTo(Architecture.HW13_STUDENT);
    assertThat(spec.pruning().methods())
        .containsExactly(PruningMethod.GLOBAL_L1_UNSTRUCTURED, PruningMethod.L1_STRUCTURED);
    assertThat(spec.pruning().models()).containsExactly(ModelRole.STUDENT);
    assertThat(SpecValidator.load("name: d\n", false).pruning().models())
        .containsExactly(ModelRole.TEACHER, ModelRole.STUDENT);
  }

  @Test
  void theHw13StudentIsCountedWithItsSevenBySevenStemAgainstTheBudget() {
    InvalidSpecException e =
        catchThrowableOfType(
            InvalidSpecException.class,
            () ->
                SpecValidator.load(
                    """
            student: {arch: hw13-student, widths: [64, 64, 128, 256, 8], maxParams: 60000}
            """,
                    false));

    // 63,283 for 3 channels and 11 classes (python3-torch's count); Fashion-MNIST: 57,002
    assertThat(e).isNull();
    assertThat(
            StudentShape.parameterCount(
                Architecture.HW13_STUDENT, 3, List.of(64, 64, 128, 256, 8), 11))
        .isEqualTo(63_283);
    assertThat(SpecValidator.load("student: {arch: hw13-student}\n", false).student().widths())
        .containsExactly(24, 64, 96, 128, 224);
    InvalidSpecException over =
        catchThrowableOfType(
            InvalidSpecException.class,
            () -> SpecValidator.load("student: {arch: hw13-student, maxParams: 20000}\n", false));
    assertThat(over.getMessage())
        .contains("student.maxParams")
        .contains("over the budget of 20,000");
  }

  @Test
  void aTorchScriptTeacherNeedsItsFileNoTrainingAndNoPruning() {
    InvalidSpecException e =
        catchThrowableOfType(
            InvalidSpecException.class,
            () ->
                SpecValidator.load(
                    """
            teacher: {arch: torchscript, epochs: 2}
            pruning: {models: [student, teacher]}
            """,
                    false));

    assertThat(e.errors())
        .extracting(SpecError::field)
        .containsExactlyInAnyOrder("teacher.checkpoint", "teacher.epochs", "pruning.models");
  }

  @Test
  void everyCampaignFileShippedInTheRepositoryIsAValidSpec() throws Exception {
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of("../campaigns"))) {
      List<java.nio.file.Path> specs = files.filter(f -> f.toString().endsWith(".yaml")).toList();

      assertThat(specs).hasSizeGreaterThanOrEqualTo(2);
      for (java.nio.file.Path spec : specs) {
        // the data itself is checked where the campaign runs (Food-11 is not on this machine)
        assertThat(SpecValidator.load(java.nio.file.Files.readString(spec), false).name())
            .as(spec.toString())
            .isNotBlank();
      }
    }
  }

  @Test
  void notYamlIsRejected() {
    assertThatThrownBy(() -> SpecValidator.load("teacher: {epochs: 2\n", false))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void studentShapeCountsTheDefaultStudent() {
    // stem 9*32+64, blocks 2528 + 9152 + 18048 + 26368, linear 1930: see StudentShape's javadoc
    // (the same count PyTorch gives, see workers' student_params golden test)
    assertThat(
            StudentShape.parameterCount(
                Architecture.DW_STUDENT, 1, StudentShape.DEFAULT_WIDTHS, 10))
        .isEqualTo(58_378);
  }

  @Test
  void eachStudentIsCountedWithItsOwnStem() {
    List<Integer> reference = List.of(64, 64, 128, 256, 8);

    // the hw13-student's 7x7 stem has (49 - 9) x 3 x 64 weights more than the dw-student's 3x3
    assertThat(StudentShape.parameterCount(Architecture.HW13_STUDENT, 3, reference, 11))
        .isEqualTo(63_283)
        .isEqualTo(
            StudentShape.parameterCount(Architecture.DW_STUDENT, 3, reference, 11) + 40 * 3 * 64);
    assertThatThrownBy(() -> StudentShape.parameterCount(Architecture.RESNET18, 3, reference, 11))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a student");
  }
}
