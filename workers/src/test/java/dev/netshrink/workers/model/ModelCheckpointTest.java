package dev.netshrink.workers.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import dev.netshrink.workers.data.FashionMnistFiles;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.distill.EpochListener;
import dev.netshrink.workers.distill.LogitsComputer;
import dev.netshrink.workers.distill.TeacherTrainer;
import dev.netshrink.workers.distill.TrainingSettings;
import org.junit.jupiter.api.Test;

class ModelCheckpointTest {

  private final ImageDataset train = FashionMnistFiles.train().limit(256);
  private final ImageDataset probe = FashionMnistFiles.test().limit(64);

  @Test
  void reloadedStudentComputesIdenticalLogits() throws Exception {
    DepthwiseStudentShape shape = DepthwiseStudentShape.of(1, new int[] {8, 16, 16}, 10);
    try (Model trained = Model.newInstance("trained");
        Model reloaded = Model.newInstance("reloaded")) {
      // given a briefly trained student (so BatchNorm running statistics are not trivial)
      trained.setBlock(DepthwiseStudent.build(shape));
      new TeacherTrainer(
              TrainingSettings.builder()
                  .setEpochs(1)
                  .setBatchSize(64)
                  .setLearningRate(1e-3f)
                  .build())
          .train(trained, train, null, EpochListener.NONE, () -> false);

      // when its checkpoint is loaded into a freshly built student
      byte[] checkpoint = ModelCheckpoint.save(trained);
      reloaded.setBlock(DepthwiseStudent.build(shape));
      ModelCheckpoint.load(reloaded, checkpoint);

      // then both compute the same logits, bit for bit
      assertThat(LogitsComputer.compute(reloaded, probe, 32).values())
          .containsExactly(LogitsComputer.compute(trained, probe, 32).values());
      assertThat(ModelCheckpoint.save(reloaded)).isEqualTo(checkpoint);
    }
  }

  @Test
  void refusesACheckpointOfAnotherArchitecture() throws Exception {
    try (Model small = Model.newInstance("small");
        Model other = Model.newInstance("other")) {
      small.setBlock(DepthwiseStudent.build(DepthwiseStudentShape.of(1, new int[] {8, 16}, 10)));
      TestNetworks.initialized(small.getBlock(), small.getNDManager(), new Shape(1, 1, 28, 28));
      byte[] checkpoint = ModelCheckpoint.save(small);

      other.setBlock(TeacherCnn.build(10));

      assertThatThrownBy(() -> ModelCheckpoint.load(other, checkpoint))
          .isInstanceOf(MalformedModelException.class);
    }
  }
}
