package dev.netshrink.workers.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.netshrink.workers.data.FashionMnistFiles;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.distill.EpochListener;
import dev.netshrink.workers.distill.LogitsComputer;
import dev.netshrink.workers.distill.TeacherTrainer;
import dev.netshrink.workers.distill.TrainingSettings;
import dev.netshrink.workers.model.DepthwiseStudent;
import dev.netshrink.workers.model.DepthwiseStudentShape;
import dev.netshrink.workers.model.GradientMode;
import dev.netshrink.workers.model.ModelCheckpoint;
import dev.netshrink.workers.model.MultiplyAccumulates;
import dev.netshrink.workers.model.ParameterCounts;
import dev.netshrink.workers.model.ResNet18;
import dev.netshrink.workers.model.TeacherCnn;
import dev.netshrink.workers.model.TestNetworks;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ChannelRemovalTest {

  private static final Shape INPUT = new Shape(1, 1, 28, 28);
  private final ImageDataset train = FashionMnistFiles.train().limit(256);
  private final ImageDataset probe = FashionMnistFiles.test().limit(64);

  @Test
  void aNarrowerStudentComputesWhatTheOriginalComputesWithoutTheRemovedChannels() throws Exception {
    DepthwiseStudentShape shape = DepthwiseStudentShape.of(1, new int[] {8, 16, 32}, 10);
    try (Model original = trained(() -> DepthwiseStudent.build(shape));
        Model narrow = Model.newInstance("narrow");
        Model reference = Model.newInstance("reference")) {
      // when half the channels of every group go, ranked by L2 norm
      ChannelRemoval.Pruned pruned =
          ChannelRemoval.student(original.getBlock(), shape, 0.5, 2, narrow.getNDManager(), INPUT);
      narrow.setBlock(pruned.block());

      // then the network is physically narrower, with torchsummary's count for its widths
      assertThat(pruned.widths()).containsExactly(4, 8, 16);
      assertThat(ParameterCounts.trainable(pruned.block()))
          .isEqualTo(DepthwiseStudentShape.of(1, new int[] {4, 8, 16}, 10).parameterCount());
      // and equals the original with the inputs that read removed channels zeroed
      reference.setBlock(DepthwiseStudent.build(shape));
      ModelCheckpoint.load(reference, ModelCheckpoint.save(original));
      zeroReadsOfRemovedChannels(
          reference.getBlock(), ChannelCoupling.depthwiseStudent(3), pruned.keptChannels());
      assertClose(
          LogitsComputer.compute(narrow, probe, 32).values(),
          LogitsComputer.compute(reference, probe, 32).values());
      assertReloadsAsItself(
          narrow,
          () ->
              DepthwiseStudent.build(
                  new DepthwiseStudentShape(1, pruned.widths(), shape.strides(), 10)));
    }
  }

  @Test
  void aNarrowerTeacherKeepsTheClassifierColumnsOfItsSurvivingChannels() throws Exception {
    try (Model original = trained(() -> TeacherCnn.build(10, new int[] {8, 8, 16}));
        Model narrow = Model.newInstance("narrow");
        Model reference = Model.newInstance("reference")) {
      ChannelRemoval.Pruned pruned =
          ChannelRemoval.teacher(original.getBlock(), 10, 0.25, 1, narrow.getNDManager(), INPUT);
      narrow.setBlock(pruned.block());

      assertThat(pruned.widths()).containsExactly(6, 6, 12);
      reference.setBlock(TeacherCnn.build(10, new int[] {8, 8, 16}));
      ModelCheckpoint.load(reference, ModelCheckpoint.save(original));
      zeroReadsOfRemovedChannels(
          reference.getBlock(), ChannelCoupling.teacherCnn(49), pruned.keptChannels());
      assertClose(
          LogitsComputer.compute(narrow, probe, 32).values(),
          LogitsComputer.compute(reference, probe, 32).values());
      assertReloadsAsItself(narrow, () -> TeacherCnn.build(10, pruned.widths()));
    }
  }

  @Test
  void aNarrowerResNetRemovesResidualStreamChannelsAsCoupledGroups() throws Exception {
    Shape input = new Shape(1, 3, 32, 32);
    ImageDataset images = randomImages(16, 3, 32, 11);
    try (Model original = Model.newInstance("original");
        Model narrow = Model.newInstance("narrow");
        Model reference = Model.newInstance("reference")) {
      // given a ResNet-18 with random weights and BatchNorm statistics (so a shift would show)
      original.setBlock(ResNet18.build(11));
      TestNetworks.initialized(original.getBlock(), original.getNDManager(), input);
      randomizeBatchNorm(original.getBlock());

      // when half of every channel group goes
      ChannelRemoval.Pruned pruned =
          ChannelRemoval.resnet18(original.getBlock(), 11, 0.5, 2, narrow.getNDManager(), input);
      narrow.setBlock(pruned.block());

      // then streams and block interiors are all halved, MACs with them
      assertThat(pruned.widths())
          .containsExactly(32, 64, 128, 256, 32, 32, 64, 64, 128, 128, 256, 256);
      assertThat(MultiplyAccumulates.of(pruned.block(), input))
          .isLessThan(MultiplyAccumulates.of(original.getBlock(), input) / 3);
      reference.setBlock(ResNet18.build(11));
      ModelCheckpoint.load(reference, ModelCheckpoint.save(original));
      zeroReadsOfRemovedChannels(
          reference.getBlock(), ChannelCoupling.resnet18(), pruned.keptChannels());
      assertClose(
          LogitsComputer.compute(narrow, images, 8).values(),
          LogitsComputer.compute(reference, images, 8).values());
      assertReloadsAsItself(
          narrow,
          images,
          () ->
              ResNet18.build(
                  11,
                  Arrays.copyOfRange(pruned.widths(), 0, 4),
                  Arrays.copyOfRange(pruned.widths(), 4, 12)));
    }
  }

  @Test
  void everyGroupKeepsAChannelEvenAtRatioOne() throws Exception {
    DepthwiseStudentShape shape = DepthwiseStudentShape.of(1, new int[] {8, 16}, 10);
    try (Model original = trained(() -> DepthwiseStudent.build(shape));
        Model narrow = Model.newInstance("narrow")) {
      ChannelRemoval.Pruned pruned =
          ChannelRemoval.student(original.getBlock(), shape, 1.0, 1, narrow.getNDManager(), INPUT);
      narrow.setBlock(pruned.block());

      assertThat(pruned.widths()).containsExactly(1, 1);
      assertThat(LogitsComputer.compute(narrow, probe, 32).values()).hasSize(64 * 10);
    }
  }

  private Model trained(Supplier<Block> network) throws Exception {
    Model model = Model.newInstance("original");
    model.setBlock(network.get());
    // one short epoch, so BatchNorm statistics and weights are not their initial values
    new TeacherTrainer(
            TrainingSettings.builder().setEpochs(1).setBatchSize(64).setLearningRate(3e-3f).build())
        .train(model, train, null, EpochListener.NONE, () -> false);
    return model;
  }

  private void assertReloadsAsItself(Model narrow, Supplier<Block> sameWidths) throws Exception {
    assertReloadsAsItself(narrow, probe, sameWidths);
  }

  private static void assertReloadsAsItself(
      Model narrow, ImageDataset images, Supplier<Block> sameWidths) throws Exception {
    try (Model reloaded = Model.newInstance("reloaded")) {
      reloaded.setBlock(sameWidths.get());
      ModelCheckpoint.load(reloaded, ModelCheckpoint.save(narrow));
      assertThat(LogitsComputer.compute(reloaded, images, 8).values())
          .containsExactly(LogitsComputer.compute(narrow, images, 8).values());
    }
  }

  private static ImageDataset randomImages(int count, int channels, int size, int classes) {
    java.util.Random random = new java.util.Random(3);
    float[] pixels = new float[count * channels * size * size];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) random.nextGaussian();
    }
    return new ImageDataset(pixels, new int[count], count, channels, size, size, classes);
  }

  private static void randomizeBatchNorm(Block block) {
    java.util.Random random = new java.util.Random(5);
    try (GradientMode noGrad = GradientMode.disabled()) {
      for (Pair<String, Parameter> p : block.getParameters()) {
        Parameter.Type type = p.getValue().getType();
        NDArray array = p.getValue().getArray();
        float[] values = new float[Math.toIntExact(array.size())];
        boolean positive = type == Parameter.Type.RUNNING_VAR || type == Parameter.Type.GAMMA;
        if (type == Parameter.Type.GAMMA
            || type == Parameter.Type.BETA
            || type == Parameter.Type.RUNNING_MEAN
            || type == Parameter.Type.RUNNING_VAR) {
          for (int i = 0; i < values.length; i++) {
            values[i] = positive ? 0.5f + random.nextFloat() : (float) random.nextGaussian() * 0.3f;
          }
          array.set(new NDIndex("..."), array.getManager().create(values, array.getShape()));
        }
      }
    }
  }

  private static void assertClose(float[] actual, float[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    float scale = 0;
    for (float e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    // summation order differs between a narrow and a zero-padded conv, so rounding differs in
    // proportion to the activations (large in a random ResNet); a wrong channel would be off by
    // the activations themselves
    float tolerance = Math.max(2e-4f, 1e-5f * scale);
    for (int i = 0; i < actual.length; i++) {
      assertThat(actual[i]).as("logit %d", i).isCloseTo(expected[i], within(tolerance));
    }
  }

  /** What removal must equal: every layer that reads a removed channel reads zero from it. */
  private static void zeroReadsOfRemovedChannels(
      Block block, ChannelCoupling coupling, int[][] kept) {
    List<Block> layers = ChannelRemoval.layers(block);
    try (GradientMode noGrad = GradientMode.disabled()) {
      for (int i = 0; i < layers.size(); i++) {
        ChannelCoupling.Layer rule = coupling.layers().get(i);
        if (rule.inGroup() < 0) {
          continue;
        }
        for (Pair<String, Parameter> p : layers.get(i).getDirectParameters()) {
          if (p.getValue().getType() != Parameter.Type.WEIGHT) {
            continue;
          }
          NDArray weight = p.getValue().getArray();
          long columns = weight.getShape().get(1);
          for (long column = 0; column < columns; column++) {
            int channel = (int) (column / rule.inBlock());
            if (Arrays.stream(kept[rule.inGroup()]).noneMatch(k -> k == channel)) {
              weight.set(new NDIndex(":, {}", column), 0f);
            }
          }
        }
      }
    }
  }
}
