package dev.netshrink.workers.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class MultiplyAccumulatesTest {

  private static final Shape IMAGE = new Shape(1, 1, 28, 28);

  @Test
  void countsEveryConvolutionOutputAndEveryLinearWeight() {
    try (NDManager manager = NDManager.newBaseManager()) {
      // stem 1->8 3x3 at 28x28, then one block with stride 2: depthwise 8 at 14x14, pointwise 8->16
      var student =
          TestNetworks.initialized(
              DepthwiseStudent.build(DepthwiseStudentShape.of(1, new int[] {8, 16}, 10)),
              manager,
              IMAGE);

      long expected = 28 * 28 * 8 * 9 + 14 * 14 * 8 * 9 + 14 * 14 * 16 * 8 + 16 * 10;
      assertThat(MultiplyAccumulates.of(student, IMAGE)).isEqualTo(expected);
    }
  }

  @Test
  void resNet18CostsTheWellKnown1Point8GigaMacsAt224() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Shape image = new Shape(1, 3, 224, 224);
      var resnet = ResNet18.build(1000);
      resnet.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, image);

      // torchvision's ResNet-18, 1,000 classes: 1,814,073,344 MACs in its convs and fc, counted
      // with forward hooks on torchvision's own model in python3-torch (the usual "1.8 GFLOPs")
      assertThat(MultiplyAccumulates.of(resnet, image)).isEqualTo(1_814_073_344L);
    }
  }

  @Test
  void theTeachersThreeStagesAndItsClassifierOnTheFlattenedMap() {
    try (NDManager manager = NDManager.newBaseManager()) {
      var teacher = TestNetworks.initialized(TeacherCnn.build(10), manager, IMAGE);

      long expected =
          28 * 28 * 32 * 9 + 14 * 14 * 64 * 32 * 9 + 7 * 7 * 128 * 64 * 9 + 128 * 49 * 10;
      assertThat(MultiplyAccumulates.of(teacher, IMAGE)).isEqualTo(expected);
    }
  }
}
