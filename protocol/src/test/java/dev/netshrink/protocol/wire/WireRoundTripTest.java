package dev.netshrink.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.EpochCompleted;
import dev.netshrink.protocol.event.TrialCompleted;
import dev.netshrink.protocol.event.TrialRef;
import dev.netshrink.protocol.job.Assignment;
import dev.netshrink.protocol.job.JobSpec;
import dev.netshrink.protocol.spec.CampaignSpec;
import dev.netshrink.protocol.spec.SpecValidator;
import dev.netshrink.protocol.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WireRoundTripTest {

  private final Topics topics = Topics.withDefaultPrefix();

  @Test
  void eventsRoundTripThroughTheirTopicSerde() {
    var serde = topics.events().valueSerde();
    List<CampaignEvent> events =
        List.of(
            new EpochCompleted(
                "e1",
                new TrialRef("c", "c/t", "c/t#1", "w"),
                5L,
                2,
                3,
                0.4,
                0.3,
                0.7,
                0.88,
                1234.5),
            new TrialCompleted(
                "e2", new TrialRef("c", "c/p", "c/p#1", "w"), 6L, Double.NaN, 0, 1.5));

    for (CampaignEvent e : events) {
      byte[] bytes = serde.serializer().serialize("t", e);
      assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(e);
    }
  }

  @Test
  void assignmentsKeepTheirJobKind() {
    CampaignSpec spec = SpecValidator.load("name: x\n", false);
    var job = new JobSpec.StudentJob(spec.dataset(), spec.student(), 0.9, 4, 7L, "c/teacher", 600);
    Assignment run = new Assignment.RunJob("c/s#1", "c", "c/s", 1, job);
    var serde = topics.assignments().valueSerde();

    Assignment back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", run));

    assertThat(back).isEqualTo(run);
    assertThat(((Assignment.RunJob) back).job()).isInstanceOf(JobSpec.StudentJob.class);
  }

  @Test
  void garbageJsonIsASerializationException() {
    assertThatThrownBy(
            () ->
                topics
                    .events()
                    .valueSerde()
                    .deserializer()
                    .deserialize("t", "{\"type\":\"Nope\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class);
  }

  @Test
  void logitsRoundTripExactlyInFp32AndWithinHalfPrecisionInFp16() {
    float[] values = new float[7 * 10];
    Random random = new Random(1);
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian() * 8;
    }
    var fp32 = new LogitsBlock(2, 5, 14, 7, 10, LogitsBlock.Precision.FP32, values);
    var fp16 = new LogitsBlock(2, 5, 14, 7, 10, LogitsBlock.Precision.FP16, values);

    LogitsBlock exact = LogitsBlockSerde.decode(LogitsBlockSerde.encode(fp32));
    LogitsBlock half = LogitsBlockSerde.decode(LogitsBlockSerde.encode(fp16));

    assertThat(exact.values()).containsExactly(values);
    assertThat(exact.offset()).isEqualTo(14);
    assertThat(LogitsBlockSerde.encode(fp16)).hasSize(22 + 140);
    for (int i = 0; i < values.length; i++) {
      assertThat(half.values()[i])
          .isCloseTo(
              values[i], org.assertj.core.data.Offset.offset(Math.abs(values[i]) / 1024f + 1e-7f));
    }
  }

  @Test
  void truncatedLogitsAreRejected() {
    byte[] good =
        LogitsBlockSerde.encode(
            new LogitsBlock(0, 1, 0, 1, 2, LogitsBlock.Precision.FP32, new float[] {1, 2}));

    assertThatThrownBy(
            () -> LogitsBlockSerde.decode(java.util.Arrays.copyOf(good, good.length - 1)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("value bytes");
  }

  @Test
  void halfMatchesKnownBitPatterns() {
    // values and bit patterns as torch.tensor(v, dtype=torch.float16) stores them
    assertThat(Half.fromFloat(1f)).isEqualTo((short) 0x3c00);
    assertThat(Half.fromFloat(-2f)).isEqualTo((short) 0xc000);
    assertThat(Half.fromFloat(65504f)).isEqualTo((short) 0x7bff);
    assertThat(Half.fromFloat(1e6f)).isEqualTo((short) 0x7c00);
    assertThat(Half.fromFloat(5.9604645e-8f)).isEqualTo((short) 0x0001);
    assertThat(Half.toFloat((short) 0x3555)).isEqualTo(0.33325195f);
    assertThat(Float.isNaN(Half.toFloat(Half.fromFloat(Float.NaN)))).isTrue();
  }

  @Test
  void checkpointChunksRoundTrip() {
    var chunk =
        new CheckpointChunk(
            "c/s", "dw-student", new int[] {8, 16}, 3, 1, 2, 10, new byte[] {1, 2, 3, 4, 5});

    CheckpointChunk back = CheckpointChunkSerde.decode(CheckpointChunkSerde.encode(chunk));

    assertThat(back.trialId()).isEqualTo("c/s");
    assertThat(back.widths()).containsExactly(8, 16);
    assertThat(back.data()).containsExactly(1, 2, 3, 4, 5);
    assertThat(back.epoch()).isEqualTo(3);
    assertThatThrownBy(() -> CheckpointChunkSerde.decode(new byte[] {9, 9}))
        .isInstanceOf(SerializationException.class);
  }
}
