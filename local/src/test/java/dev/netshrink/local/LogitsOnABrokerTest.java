package dev.netshrink.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.local.broker.EmbeddedKafkaBroker;
import dev.netshrink.orchestrator.Orchestrator;
import dev.netshrink.protocol.kafka.DeadLetters;
import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.kafka.RecordPublisher;
import dev.netshrink.protocol.metrics.MetricNames;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.wire.Half;
import dev.netshrink.protocol.wire.LogitsBlock.Precision;
import dev.netshrink.protocol.worker.WorkerRole;
import dev.netshrink.workers.distill.TeacherLogits;
import dev.netshrink.workers.runtime.LogitsTransport;
import dev.netshrink.workers.runtime.LogitsTransport.Published;
import dev.netshrink.workers.runtime.WorkerMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Teacher logits on a real broker: a teacher finds a complete set of its content key (and only a
 * complete one, at its precision), and a worker reads a set from Kafka once, then from memory.
 */
class LogitsOnABrokerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir static Path tmp;
  private static EmbeddedKafkaBroker broker;
  private static RecordPublisher publisher;
  private static LogitsTransport plain;
  private static final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private static LogitsTransport keeping;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = EmbeddedKafkaBroker.start(tmp.resolve("kafka"));
    KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers());
    Topics topics = Topics.withDefaultPrefix();
    Orchestrator.provisionTopics(kafka, topics);
    publisher = new RecordPublisher(kafka, "test");
    DeadLetters deadLetters = new DeadLetters(publisher, topics, "test");
    plain = new LogitsTransport(kafka, topics, publisher, deadLetters);
    keeping =
        LogitsTransport.keeping(
            kafka, topics, publisher, deadLetters, new WorkerMeters(registry, WorkerRole.STUDENT));
  }

  @AfterAll
  static void stopBroker() {
    publisher.close();
    broker.close();
  }

  @Test
  void aCompleteSetIsFoundAtItsPrecisionAndCountedOnceEvenWhenPublishedTwice() {
    TeacherLogits logits = random(1500, 10, true, 1);
    Published first = plain.publish("logits-a", logits, Precision.FP16);
    plain.publish("logits-a", logits, Precision.FP16); // a second teacher of the same content

    assertThat(plain.find("logits-a", 1500, 10, true, Precision.FP16, TIMEOUT)).contains(first);
    assertThat(first.blocks()).as("2 blocks per view").isEqualTo(4);
    assertThat(plain.find("logits-a", 1500, 10, true, Precision.FP32, TIMEOUT)).isEmpty();
    assertThat(plain.find("logits-b", 1500, 10, true, Precision.FP16, TIMEOUT)).isEmpty();
  }

  @Test
  void aSetMissingRowsIsNotFound() {
    plain.publish("logits-short", random(1500, 10, false, 2), Precision.FP32);

    assertThat(plain.find("logits-short", 1500, 10, false, Precision.FP32, TIMEOUT)).isPresent();
    // more images than were published, or the mirrored view that never was
    assertThat(plain.find("logits-short", 3000, 10, false, Precision.FP32, TIMEOUT)).isEmpty();
    assertThat(plain.find("logits-short", 1500, 10, true, Precision.FP32, TIMEOUT)).isEmpty();
  }

  @Test
  void aWorkerReadsASetFromKafkaOnceThenFromMemory() {
    TeacherLogits logits = random(2000, 10, false, 3);
    plain.publish("logits-kept", logits, Precision.FP16);

    TeacherLogits first = keeping.read("logits-kept", 2000, 10, false, TIMEOUT);
    TeacherLogits second = keeping.read("logits-kept", 2000, 10, false, TIMEOUT);

    assertThat(first.values()[17]).isEqualTo(Half.toFloat(Half.fromFloat(logits.values()[17])));
    assertThat(second).isSameAs(first);
    assertThat(count("kafka")).isEqualTo(1);
    assertThat(count("memory")).isEqualTo(1);
    // the plain transport keeps nothing: a benchmark of reads times Kafka every time
    assertThat(plain.read("logits-kept", 2000, 10, false, TIMEOUT))
        .isEqualTo(first)
        .isNotSameAs(plain.read("logits-kept", 2000, 10, false, TIMEOUT));
  }

  private static double count(String source) {
    return registry
        .get(MetricNames.WORKER_LOGITS)
        .tag(MetricNames.TAG_SOURCE, source)
        .counter()
        .count();
  }

  private static TeacherLogits random(int images, int classes, boolean mirrored, long seed) {
    Random random = new Random(seed);
    float[] values = new float[images * classes];
    float[] flipped = mirrored ? new float[images * classes] : null;
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian() * 4;
      if (flipped != null) {
        flipped[i] = (float) random.nextGaussian() * 4;
      }
    }
    return new TeacherLogits(images, classes, values, flipped);
  }
}
