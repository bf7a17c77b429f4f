package dev.netshrink.protocol.wire.golden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.protocol.kafka.DeadLetters;
import dev.netshrink.protocol.kafka.RecordPublisher;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.wire.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every record of the {@link PoisonCorpus}: decoding must turn each into a dead letter that names
 * its reason, before any handler sees it.
 */
class PoisonCorpusTest {

  private static final Topics TOPICS = PoisonCorpus.TOPICS;

  static Stream<PoisonCorpus.Poison> corpus() {
    return PoisonCorpus.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void isDeadLetteredWithItsReasonAndNeverHandled(PoisonCorpus.Poison poison) {
    MockProducer<byte[], byte[]> producer =
        new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    DeadLetters deadLetters =
        new DeadLetters(new RecordPublisher(producer), TOPICS, "orchestrator");
    var decoded =
        deadLetters.decode(
            poison.topic(),
            new ConsumerRecord<>(poison.topic().name(), 0, 7L, text("key"), poison.value()));

    assertThat(decoded).as("handed on to a handler").isEmpty();
    assertThat(producer.history()).hasSize(1);
    DeadLetter letter =
        TOPICS
            .deadLetters()
            .valueSerde()
            .deserializer()
            .deserialize("dlq", producer.history().get(0).value());
    assertThat(letter.sourceTopic()).isEqualTo(poison.topic().name());
    assertThat(letter.error()).contains(poison.reason());
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
