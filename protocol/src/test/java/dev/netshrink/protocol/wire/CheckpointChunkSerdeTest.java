package dev.netshrink.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The binary checkpoint chunk format, byte for byte, and every way a record can be malformed. */
class CheckpointChunkSerdeTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final CheckpointChunk CHUNK =
      new CheckpointChunk("c/s", "dw", new int[] {8, 16}, 3, 1, 2, 10L, 6L, new byte[] {1, 2, 3});

  /**
   * version, trialId and arch as writeUTF, widths, epoch, index, chunks, total, parameter bytes,
   * data.
   */
  private static final String BYTES =
      "02"
          + "0003632f73"
          + "00026477"
          + "00000002"
          + "00000008"
          + "00000010"
          + "00000003"
          + "00000001"
          + "00000002"
          + "000000000000000a"
          + "0000000000000006"
          + "00000003"
          + "010203";

  /** Version 1, written before the optimizer's state was saved: no parameter byte count. */
  private static final String VERSION_1_BYTES =
      "01"
          + BYTES.substring(2).replace("000000000000000a" + "0000000000000006", "000000000000000a");

  private final CheckpointChunkSerde serde = new CheckpointChunkSerde();

  @Test
  void aChunkIsVersionHeaderThenItsBytes() {
    assertThat(HEX.formatHex(CheckpointChunkSerde.encode(CHUNK))).isEqualTo(BYTES);
  }

  @Test
  void decodingTheFixedBytesGivesEveryField() {
    CheckpointChunk back = CheckpointChunkSerde.decode(HEX.parseHex(BYTES));

    assertThat(back).usingRecursiveComparison().isEqualTo(CHUNK);
  }

  @Test
  void theKafkaSerdePassesNullThroughAndEncodesLikeEncode() {
    assertThat(serde.serializer().serialize("t", null)).isNull();
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
    assertThat(serde.serializer().serialize("t", CHUNK)).isEqualTo(HEX.parseHex(BYTES));
    assertThat(serde.deserializer().deserialize("t", HEX.parseHex(BYTES)))
        .usingRecursiveComparison()
        .isEqualTo(CHUNK);
  }

  @Test
  void aFullSizeChunkRoundTrips() {
    byte[] data = new byte[CheckpointChunk.MAX_CHUNK_BYTES];
    Arrays.fill(data, (byte) 0x5a);
    var full =
        new CheckpointChunk("c/teacher", "resnet18", new int[0], 10, 0, 1, data.length, data);

    CheckpointChunk back = CheckpointChunkSerde.decode(CheckpointChunkSerde.encode(full));

    assertThat(back).usingRecursiveComparison().isEqualTo(full);
  }

  @Test
  void anEmptyRecordIsTruncated() {
    assertThatThrownBy(() -> CheckpointChunkSerde.decode(new byte[0]))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("truncated checkpoint chunk");
  }

  @Test
  void aVersion1ChunkDecodesAsParametersOnly() {
    CheckpointChunk back = CheckpointChunkSerde.decode(HEX.parseHex(VERSION_1_BYTES));

    assertThat(back.totalBytes()).isEqualTo(10L);
    assertThat(back.parameterBytes()).isEqualTo(10L);
    assertThat(back.data()).containsExactly(1, 2, 3);
  }

  @Test
  void anotherVersionIsRejected() {
    byte[] version3 = HEX.parseHex("03" + BYTES.substring(2));

    assertThatThrownBy(() -> CheckpointChunkSerde.decode(version3))
        .isInstanceOf(SerializationException.class)
        .hasMessage("unknown checkpoint chunk version 3");
  }

  @Test
  void parameterBytesBeyondTheTotalAreRejected() {
    byte[] beyond =
        HEX.parseHex(
            BYTES.replace("000000000000000a0000000000000006", "000000000000000a000000000000000b"));

    assertThatThrownBy(() -> CheckpointChunkSerde.decode(beyond))
        .isInstanceOf(SerializationException.class)
        .hasMessage("checkpoint chunk says 11 of 10 bytes are parameters");
  }

  @Test
  void missingDataBytesAreTruncated() {
    byte[] good = HEX.parseHex(BYTES);

    assertThatThrownBy(() -> CheckpointChunkSerde.decode(Arrays.copyOf(good, good.length - 1)))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("truncated checkpoint chunk");
  }

  @Test
  void trailingBytesAreRejected() {
    byte[] good = HEX.parseHex(BYTES);

    assertThatThrownBy(() -> CheckpointChunkSerde.decode(Arrays.copyOf(good, good.length + 1)))
        .isInstanceOf(SerializationException.class)
        .hasMessage("malformed checkpoint chunk 1/2");
  }

  @Test
  void anIndexOutsideItsChunksIsRejected() {
    var past = new CheckpointChunk("c/s", "dw", new int[0], 3, 2, 2, 10L, new byte[0]);
    var negative = new CheckpointChunk("c/s", "dw", new int[0], 3, -1, 2, 10L, new byte[0]);

    assertThatThrownBy(() -> CheckpointChunkSerde.decode(CheckpointChunkSerde.encode(past)))
        .isInstanceOf(SerializationException.class)
        .hasMessage("malformed checkpoint chunk 2/2");
    assertThatThrownBy(() -> CheckpointChunkSerde.decode(CheckpointChunkSerde.encode(negative)))
        .isInstanceOf(SerializationException.class)
        .hasMessage("malformed checkpoint chunk -1/2");
  }

  @Test
  void anImplausibleWidthCountIsRejected() {
    byte[] widths = HEX.parseHex(BYTES.replace("00026477" + "00000002", "00026477" + "00000041"));

    assertThatThrownBy(() -> CheckpointChunkSerde.decode(widths))
        .isInstanceOf(SerializationException.class)
        .hasMessage("implausible length 65 in checkpoint chunk");
  }

  @Test
  void aDataLengthLargerThanTheRecordOrNegativeIsRejected() {
    byte[] large = HEX.parseHex(BYTES.replace("00000003010203", "7fffffff010203"));
    byte[] negative = HEX.parseHex(BYTES.replace("00000003010203", "ffffffff010203"));

    assertThatThrownBy(() -> CheckpointChunkSerde.decode(large))
        .isInstanceOf(SerializationException.class)
        .hasMessage("implausible length 2147483647 in checkpoint chunk");
    assertThatThrownBy(() -> CheckpointChunkSerde.decode(negative))
        .isInstanceOf(SerializationException.class)
        .hasMessage("implausible length -1 in checkpoint chunk");
  }
}
