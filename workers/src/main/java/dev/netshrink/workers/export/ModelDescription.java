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
          case RESNET18 -> resNet18(inChannels, widths, classes);
          case TORCHSCRIPT ->
              throw new IllegalArgumentException(
                  "a torchscript teacher came from PyTorch: it has nothing to export");
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

  /** As {@code ResNet18.build}: 12 widths (4 stages, 8 inner), or none for torchvision's. */
  private static List<Layer> resNet18(int inChannels, List<Integer> widths, int classes) {
    List<Integer> w =
        widths.isEmpty()
            ? List.of(64, 128, 256, 512, 64, 64, 128, 128, 256, 256, 512, 512)
            : widths;
    List<Layer> layers = new ArrayList<>();
    layers.add(new Layer.Conv2d(inChannels, w.get(0), 7, 2, 3, 1, false));
    layers.add(new Layer.BatchNorm2d(w.get(0), BATCH_NORM_EPS));
    layers.add(new Layer.Relu());
    layers.add(new Layer.MaxPool2d(3, 2, 1));
    int in = w.get(0);
    for (int stage = 0; stage < 4; stage++) {
      int out = w.get(stage);
      for (int block = 0; block < 2; block++) {
        int inner = w.get(4 + 2 * stage + block);
        // the first block of stages 2-4 halves the resolution, so its shortcut projects
        boolean project = stage > 0 && block == 0;
        int stride = project ? 2 : 1;
        List<Layer> main =
            List.of(
                new Layer.Conv2d(in, inner, 3, stride, 1, 1, false),
                new Layer.BatchNorm2d(inner, BATCH_NORM_EPS),
                new Layer.Relu(),
                new Layer.Conv2d(inner, out, 3, 1, 1, 1, false),
                new Layer.BatchNorm2d(out, BATCH_NORM_EPS));
        List<Layer> shortcut =
            project
                ? List.of(
                    new Layer.Conv2d(in, out, 1, stride, 0, 1, false),
                    new Layer.BatchNorm2d(out, BATCH_NORM_EPS))
                : List.of();
        layers.add(new Layer.Residual(main, shortcut));
        in = out;
      }
    }
    layers.add(new Layer.GlobalAvgPool());
    layers.add(new Layer.Linear(in, classes));
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
