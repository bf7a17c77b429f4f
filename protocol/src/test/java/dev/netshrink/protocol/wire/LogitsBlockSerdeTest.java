package dev.netshrink.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The binary logits format, byte for byte, and every way a record can be malformed. */
class LogitsBlockSerdeTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final String HEADER =
      "00000001"
          + "00000003"
          + "00000400"
          + "00000001"
          + "00000002"; // blockIndex 1, blocks 3, offset 1024, count 1, classes 2

  private final LogitsBlockSerde serde = new LogitsBlockSerde();

  @Test
  void fp32IsVersionPrecisionFiveBigEndianIntsThenFloats() {
    var block = block(LogitsBlock.Precision.FP32);

    assertThat(HEX.formatHex(LogitsBlockSerde.encode(block)))
        .isEqualTo("01" + "00" + HEADER + "3f800000" + "c0000000");
  }

  @Test
  void fp16IsTheSameHeaderThenHalves() {
    var block = block(LogitsBlock.Precision.FP16);

    assertThat(HEX.formatHex(LogitsBlockSerde.encode(block)))
        .isEqualTo("01" + "01" + HEADER + "3c00" + "c000");
  }

  @Test
  void decodingTheFixedBytesGivesEveryField() {
    LogitsBlock back = LogitsBlockSerde.decode(HEX.parseHex("0101" + HEADER + "3c00c000"));

    assertThat(back.blockIndex()).isEqualTo(1);
    assertThat(back.blocks()).isEqualTo(3);
    assertThat(back.offset()).isEqualTo(1024);
    assertThat(back.count()).isEqualTo(1);
    assertThat(back.classes()).isEqualTo(2);
    assertThat(back.precision()).isEqualTo(LogitsBlock.Precision.FP16);
    assertThat(back.values()).containsExactly(1f, -2f);
  }

  @Test
  void theKafkaSerdePassesNullThroughAndEncodesLikeEncode() {
    var block = block(LogitsBlock.Precision.FP32);

    assertThat(serde.serializer().serialize("t", null)).isNull();
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
    assertThat(serde.serializer().serialize("t", block)).isEqualTo(LogitsBlockSerde.encode(block));
    assertThat(serde.deserializer().deserialize("t", LogitsBlockSerde.encode(block)).values())
        .containsExactly(1f, -2f);
  }

  @Test
  void anEmptyBlockOfZeroImagesRoundTrips() {
    var empty = new LogitsBlock(0, 1, 0, 0, 10, LogitsBlock.Precision.FP16, new float[0]);

    LogitsBlock back = LogitsBlockSerde.decode(LogitsBlockSerde.encode(empty));

    assertThat(back.count()).isZero();
    assertThat(back.values()).isEmpty();
  }

  @Test
  void valuesThatDoNotFillCountTimesClassesAreRefusedAtConstruction() {
    assertThatThrownBy(
            () -> new LogitsBlock(0, 1, 0, 2, 3, LogitsBlock.Precision.FP32, new float[5]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("values has 5 floats, expected 2 x 3");
  }

  @Test
  void anEmptyRecordIsRejected() {
    assertThatThrownBy(() -> LogitsBlockSerde.decode(new byte[0]))
        .isInstanceOf(SerializationException.class)
        .hasMessage("not a version-1 logits block (0 bytes)");
  }

  @Test
  void aShortHeaderIsRejected() {
    assertThatThrownBy(() -> LogitsBlockSerde.decode(HEX.parseHex("0100000000")))
        .isInstanceOf(SerializationException.class)
        .hasMessage("not a version-1 logits block (5 bytes, version 1)");
  }

  @Test
  void anotherVersionIsRejected() {
    byte[] version2 = HEX.parseHex("0200" + HEADER + "3f800000c0000000");

    assertThatThrownBy(() -> LogitsBlockSerde.decode(version2))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("version 2");
  }

  @Test
  void anUnknownPrecisionIsRejected() {
    assertThatThrownBy(() -> LogitsBlockSerde.decode(HEX.parseHex("0102" + HEADER + "3c00c000")))
        .isInstanceOf(SerializationException.class)
        .hasMessage("unknown logits precision 2");
    assertThatThrownBy(() -> LogitsBlockSerde.decode(HEX.parseHex("01ff" + HEADER + "3c00c000")))
        .isInstanceOf(SerializationException.class)
        .hasMessage("unknown logits precision -1");
  }

  @Test
  void trailingBytesAreRejected() {
    byte[] oneByteTooMany = HEX.parseHex("0101" + HEADER + "3c00c00000");

    assertThatThrownBy(() -> LogitsBlockSerde.decode(oneByteTooMany))
        .isInstanceOf(SerializationException.class)
        .hasMessage("logits block of 1 x 2 needs 4 value bytes, has 5");
  }

  @Test
  void aCountTooLargeForTheRecordIsRejectedWithoutAllocatingIt() {
    byte[] bytes = header(0, 1, 0, Integer.MAX_VALUE, 1000);

    assertThatThrownBy(() -> LogitsBlockSerde.decode(bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("needs 8589934588000 value bytes, has 0");
  }

  @Test
  void aNegativeCountIsRejected() {
    assertThatThrownBy(() -> LogitsBlockSerde.decode(header(0, 1, 0, -1, 2)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("logits block of -1 x 2");
  }

  @Test
  void aNegativeOffsetIsRejected() {
    assertThatThrownBy(() -> LogitsBlockSerde.decode(header(0, 1, -1024, 0, 2)))
        .isInstanceOf(SerializationException.class)
        .hasMessage("logits block 0 of 1 at offset -1024 is out of range");
  }

  @Test
  void aBlockIndexOutsideItsBlocksIsRejected() {
    assertThatThrownBy(() -> LogitsBlockSerde.decode(header(3, 3, 0, 0, 2)))
        .isInstanceOf(SerializationException.class)
        .hasMessage("logits block 3 of 3 at offset 0 is out of range");
  }

  private static LogitsBlock block(LogitsBlock.Precision precision) {
    return new LogitsBlock(1, 3, 1024, 1, 2, precision, new float[] {1f, -2f});
  }

  /** An fp32 header with no values after it. */
  private static byte[] header(int blockIndex, int blocks, int offset, int count, int classes) {
    return ByteBuffer.allocate(22)
        .put((byte) 1)
        .put((byte) 0)
        .putInt(blockIndex)
        .putInt(blocks)
        .putInt(offset)
        .putInt(count)
        .putInt(classes)
        .array();
  }
}
