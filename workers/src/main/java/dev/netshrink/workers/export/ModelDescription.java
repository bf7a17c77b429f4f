package dev.netshrink.workers.export;

import dev.netshrink.protocol.spec.Architecture;
import dev.netshrink.workers.model.Architectures;
import dev.netshrink.workers.model.DepthwiseStudentShape;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code model.json} says of an exported network: its architecture and widths (which DJL's
 * {@code Model.load} needs to build the block again), its input, its parameter count, and its
 * layers for PyTorch. The layers follow the builders in {@code workers/model} step by step; the
 * golden test (PyTorch's logits against DJL's) is what keeps the two in step.
 */
public record ModelDescription(
    String format,
    Architecture arch,
    int inChannels,
    int height,
    int width,
    int classes,
    List<Integer> widths,
    long parameters,
    List<Layer> layers) {

  public static final String FORMAT = "netshrink-model/1";
  private static final double BATCH_NORM_EPS = 1e-5; // DJL's BatchNorm default, as PyTorch's

  public ModelDescription {
    widths = List.copyOf(widths);
    layers = List.copyOf(layers);
  }

  /**
   * The description of {@code arch} with {@code widths} (empty: its defaults) for images of {@code
   * inChannels x height x width}; {@code parameters} is the trainable count.
   */
  public static ModelDescription of(
      Architecture arch,
      int inChannels,
      int height,
      int width,
      List<Integer> widths,
      int classes,
      long parameters) {
    List<Layer> layers =
        switch (arch) {
          case DW_STUDENT, HW13_STUDENT ->
              student(Architectures.studentShape(arch, inChannels, widths, classes));
          case TEACHER_CNN -> teacherCnn(inChannels, height, width, widths, classes);
          case RESNET18, TORCHSCRIPT ->
              throw new IllegalArgumentException(
                  "exporting "
                      + arch.wireName()
                      + " is not supported yet: dw-student, "
                      + "hw13-student and teacher-cnn (dense or channel-pruned) are");
        };
    return new ModelDescription(
        FORMAT, arch, inChannels, height, width, classes, widths, parameters, layers);
  }

  private static List<Layer> student(DepthwiseStudentShape shape) {
    int[] w = shape.widths();
    int[] strides = shape.strides();
    int stem = shape.stemKernel();
    List<Layer> layers = new ArrayList<>();
    layers.add(
        new Layer.Conv2d(
            shape.inChannels(), w[0], stem, shape.imagenetStem() ? 2 : 1, stem / 2, 1, false));
    layers.add(new Layer.BatchNorm2d(w[0], BATCH_NORM_EPS));
    layers.add(new Layer.Relu());
    if (shape.imagenetStem()) {
      layers.add(new Layer.MaxPool2d(3, 2, 1));
    }
    for (int i = 1; i < w.length; i++) {
      layers.add(new Layer.Conv2d(w[i - 1], w[i - 1], 3, strides[i - 1], 1, w[i - 1], false));
      layers.add(new Layer.BatchNorm2d(w[i - 1], BATCH_NORM_EPS));
      layers.add(new Layer.Conv2d(w[i - 1], w[i], 1, 1, 0, 1, false));
      layers.add(new Layer.BatchNorm2d(w[i], BATCH_NORM_EPS));
      layers.add(new Layer.Relu());
    }
    layers.add(new Layer.GlobalAvgPool());
    layers.add(new Layer.Linear(w[w.length - 1], shape.classes()));
    return layers;
  }

  private static List<Layer> teacherCnn(
      int inChannels, int height, int width, List<Integer> widths, int classes) {
    List<Integer> w = widths.isEmpty() ? List.of(32, 64, 128) : widths;
    List<Layer> layers = new ArrayList<>();
    int previous = inChannels;
    for (int i = 0; i < w.size(); i++) {
      layers.add(new Layer.Conv2d(previous, w.get(i), 3, 1, 1, 1, false));
      layers.add(new Layer.BatchNorm2d(w.get(i), BATCH_NORM_EPS));
      layers.add(new Layer.Relu());
      if (i < w.size() - 1) {
        layers.add(new Layer.MaxPool2d(2, 2, 0));
      }
      previous = w.get(i);
    }
    layers.add(new Layer.Flatten());
    layers.add(new Layer.Linear(previous * (height / 4) * (width / 4), classes));
    return layers;
  }
}
