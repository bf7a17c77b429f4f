package dev.netshrink.protocol.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.TrialFailed;
import dev.netshrink.protocol.event.TrialRef;
import dev.netshrink.protocol.metrics.MetricNames;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.wire.DeadLetter;
import dev.netshrink.protocol.wire.LogitsBlock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The decode path every consumer loop goes through: good records decode, bad ones go aside. */
class DeadLettersTest {

  private final Topics topics = Topics.withDefaultPrefix();
  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final DeadLetters deadLetters =
      new DeadLetters(new RecordPublisher(producer), topics, "orchestrator", registry);

  @Test
  void aGoodRecordDecodesWithItsTopicsSerdesAndNothingIsDeadLettered() {
    var failed = new TrialFailed("e", new TrialRef("c", "c/t", "c/t#1", "w"), 5L, "boom");
    byte[] value = topics.events().valueSerde().serializer().serialize("t", failed);

    Optional<DeadLetters.Decoded<String, CampaignEvent>> decoded =
        deadLetters.decode(topics.events(), record(topics.events().name(), "c", value));

    assertThat(decoded).contains(new DeadLetters.Decoded<>("c", failed));
    assertThat(deadLetters.count()).isZero();
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void anUndecodableRecordGoesToTheDeadLetterTopicWithItsOriginAndBytes() {
    byte[] value = "{\"type\":\"TrialExploded\"}".getBytes(StandardCharsets.UTF_8);

    var decoded = deadLetters.decode(topics.events(), record(topics.events().name(), "c", value));

    assertThat(decoded).isEmpty();
    assertThat(producer.history()).hasSize(1);
    ProducerRecord<byte[], byte[]> sent = producer.history().get(0);
    assertThat(sent.topic()).isEqualTo("netshrink.dlq");
    assertThat(new String(sent.key(), StandardCharsets.UTF_8)).isEqualTo("netshrink.events/0/42");
    DeadLetter letter =
        topics.deadLetters().valueSerde().deserializer().deserialize(sent.topic(), sent.value());
    assertThat(letter.sourceTopic()).isEqualTo("netshrink.events");
    assertThat(letter.partition()).isZero();
    assertThat(letter.offset()).isEqualTo(42);
    assertThat(letter.consumer()).isEqualTo("orchestrator");
    assertThat(letter.error())
        .startsWith(
            "org.apache.kafka.common.errors.SerializationException: cannot decode CampaignEvent");
    assertThat(letter.key()).isEqualTo("c".getBytes(StandardCharsets.UTF_8));
    assertThat(letter.value()).isEqualTo(value);
  }

  @Test
  void aToolSkipsWhatItCannotDecodeWithoutWritingALetter() {
    DeadLetters tool = DeadLetters.skipping(topics, "netshrink-export");

    var decoded = tool.decode(topics.events(), record(topics.events().name(), "c", new byte[] {1}));

    assertThat(decoded).isEmpty();
    assertThat(tool.count()).isEqualTo(1);
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void deadLettersAreCountedByTheTopicTheyCameFrom() {
    deadLetters.decode(topics.events(), record(topics.events().name(), 1, "c", new byte[] {1}));
    deadLetters.decode(topics.events(), record(topics.events().name(), 2, "c", new byte[] {2}));
    deadLetters.decode(
        topics.logits(), record(topics.logits().name(), 3, "c/teacher/0", new byte[] {9}));

    assertThat(deadLetters.count()).isEqualTo(3);
    assertThat(
            registry
                .get(MetricNames.DEAD_LETTERS)
                .tag(MetricNames.TAG_TOPIC, "netshrink.events")
                .counter()
                .count())
        .isEqualTo(2.0);
    assertThat(
            registry
                .get(MetricNames.DEAD_LETTERS)
                .tag(MetricNames.TAG_TOPIC, "netshrink.logits")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void aBinaryRecordThatCannotBeDecodedIsDeadLetteredLikeAJsonOne() {
    var decoded =
        deadLetters.decode(
            topics.logits(), record(topics.logits().name(), "c/teacher/0", new byte[] {1, 0, 0}));

    assertThat(decoded).isEmpty();
    DeadLetter letter =
        topics
            .deadLetters()
            .valueSerde()
            .deserializer()
            .deserialize("t", producer.history().get(0).value());
    assertThat(letter.error()).contains("not a version-1 logits block (3 bytes, version 1)");
  }

  @Test
  void aRecordReadAgainIsDeadLetteredOnlyOnce() {
    // a compacted topic keeps a poison record, and every job reads the topic from its start
    for (int read = 0; read < 5; read++) {
      deadLetters.decode(
          topics.logits(), record(topics.logits().name(), "c/teacher/0", new byte[] {1, 0, 0}));
    }

    assertThat(deadLetters.count()).isEqualTo(1);
    assertThat(producer.history()).hasSize(1);
  }

  @Test
  void aTombstoneOnACompactedTopicIsSkippedAsADeletion() {
    Optional<DeadLetters.Decoded<String, LogitsBlock>> decoded =
        deadLetters.decode(topics.logits(), record(topics.logits().name(), "c/teacher/0", null));

    assertThat(decoded).isEmpty();
    assertThat(deadLetters.count()).isZero();
  }

  @Test
  void aTombstoneOnATopicThatIsNotCompactedIsDeadLettered() {
    var decoded = deadLetters.decode(topics.events(), record(topics.events().name(), "c", null));

    assertThat(decoded).isEmpty();
    assertThat(deadLetters.count()).isEqualTo(1);
  }

  private static ConsumerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
    return record(topic, 42L, key, value);
  }

  private static ConsumerRecord<byte[], byte[]> record(
      String topic, long offset, String key, byte[] value) {
    return new ConsumerRecord<>(topic, 0, offset, key.getBytes(StandardCharsets.UTF_8), value);
  }
}
