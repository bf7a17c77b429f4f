package dev.netshrink.workers.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Golden values from the PyTorch reference formula (src/test/python/kd_golden.py). */
class KnowledgeDistillationLossTest {

  private static final double RELATIVE = 1e-5;
  // Gradient entries of very unlikely classes are ~1e-9 and carry float32 noise of their own.
  private static final double GRADIENT_ABSOLUTE = 1e-7;

  @Test
  void matchesPyTorchForAllShapesTemperaturesAndAlphas() throws IOException {
    int checked = 0;
    for (JsonNode shape : golden().get("shapes")) {
      int batch = shape.get("batch").asInt();
      int classes = shape.get("classes").asInt();
      for (JsonNode golden : shape.get("cases")) {
        float temperature = (float) golden.get("temperature").asDouble();
        float alpha = (float) golden.get("alpha").asDouble();
        String name =
            "batch " + batch + ", classes " + classes + ", T " + temperature + ", alpha " + alpha;
        try (NDManager manager = NDManager.newBaseManager()) {
          // given the golden logits and labels
          NDArray student = manager.create(floats(shape.get("student")), new Shape(batch, classes));
          NDArray teacher = manager.create(floats(shape.get("teacher")), new Shape(batch, classes));
          NDArray labels = manager.create(longs(shape.get("labels")));
          student.setRequiresGradient(true);

          // when
          LossTerms terms;
          try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            terms =
                new KnowledgeDistillationLoss(alpha, temperature).terms(student, teacher, labels);
            collector.backward(terms.total());
          }

          // then
          assertRelative(terms.kd().getFloat(), golden.get("kd").asDouble(), name + " kd");
          assertRelative(terms.ce().getFloat(), golden.get("ce").asDouble(), name + " ce");
          assertRelative(terms.total().getFloat(), golden.get("total").asDouble(), name + " total");
          if (golden.has("gradient")) {
            float[] gradient = student.getGradient().toFloatArray();
            double[] expected = doubles(golden.get("gradient"));
            for (int i = 0; i < expected.length; i++) {
              assertThat((double) gradient[i])
                  .as(name + " gradient " + i)
                  .isCloseTo(
                      expected[i], within(GRADIENT_ABSOLUTE + RELATIVE * Math.abs(expected[i])));
            }
          }
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(3 * 2 * 4 * 4);
  }

  @Test
  void alphaZeroIsPlainCrossEntropy() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray student = manager.create(new float[] {2, -1, 0.5f, 0, 3, -2}, new Shape(2, 3));
      NDArray teacher = manager.create(new float[] {9, 0, 0, 0, 0, 9}, new Shape(2, 3));
      NDArray labels = manager.create(new long[] {0, 2});

      float kdLoss =
          new KnowledgeDistillationLoss(0f, 4f).terms(student, teacher, labels).total().getFloat();
      float djlCrossEntropy =
          Loss.softmaxCrossEntropyLoss()
              .evaluate(new NDList(labels), new NDList(student))
              .getFloat();

      assertThat(kdLoss).isCloseTo(djlCrossEntropy, within(1e-6f));
    }
  }

  private static void assertRelative(float actual, double expected, String what) {
    assertThat((double) actual)
        .as(what)
        .isCloseTo(expected, within(RELATIVE * Math.max(Math.abs(expected), 1e-3)));
  }

  private static JsonNode golden() throws IOException {
    try (InputStream in =
        KnowledgeDistillationLossTest.class.getResourceAsStream("/golden/kd_loss.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  private static float[] floats(JsonNode array) {
    float[] values = new float[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) array.get(i).asDouble();
    }
    return values;
  }

  private static double[] doubles(JsonNode array) {
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asDouble();
    }
    return values;
  }

  private static long[] longs(JsonNode array) {
    long[] values = new long[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asLong();
    }
    return values;
  }
}
