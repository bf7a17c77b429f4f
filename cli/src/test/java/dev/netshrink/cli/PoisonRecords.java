package dev.netshrink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.kafka.RecordPublisher;
import dev.netshrink.protocol.topic.TopicDescriptor;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.wire.CheckpointChunk;
import dev.netshrink.protocol.wire.CheckpointChunkSerde;
import dev.netshrink.protocol.wire.DeadLetter;
import dev.netshrink.protocol.wire.LogitsBlock;
import dev.netshrink.protocol.wire.LogitsBlockSerde;
import dev.netshrink.protocol.wire.golden.PoisonCorpus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Records no one can decode, written into a live system on six topics (the whole {@link
 * PoisonCorpus} of those topics, and a few more): each must end on the dead-letter topic with its
 * origin, counted once by each process that met it (however often it read the topic), and nothing
 * may stop because of it. The logits block and the checkpoint chunk sit on compacted topics that
 * every student and the pruner read from the start for each job.
 */
final class PoisonRecords {

  private final KafkaSettings kafka;
  private final Topics topics;

  /** The whole corpus as written: each record's topic/offset and the words of its reason. */
  private final Map<String, String> corpus = new LinkedHashMap<>();

  private final Map<String, Integer> corpusPerTopic = new HashMap<>();

  PoisonRecords(KafkaSettings kafka, Topics topics) {
    this.kafka = kafka;
    this.topics = topics;
  }

  /**
   * Before a campaign: on the events topic, which the orchestrator replays at every start, and on
   * the logits and checkpoints topics its students and pruner will read.
   */
  void publishOnTheEventLog() {
    try (RecordPublisher publisher = new RecordPublisher(kafka, "poison-test")) {
      publisher.publishRaw(topics.events().name(), bytes("tiny"), bytes("{not json")).join();
      byte[] block =
          LogitsBlockSerde.encode(
              new LogitsBlock(0, 1, 0, 1, 2, LogitsBlock.Precision.FP32, new float[2]));
      ByteBuffer.wrap(block).putInt(10, -1); // the block's offset: once an out-of-bounds write
      publisher.publishRaw(topics.logits().name(), bytes("ghost/logits/0"), block).join();
      byte[] chunk =
          CheckpointChunkSerde.encode(
              new CheckpointChunk("ghost/t", "dw-student", new int[] {4}, 1, 0, 1, 3, new byte[3]));
      publisher
          .publishRaw(
              topics.checkpoints().name(),
              bytes("ghost/t#1/0"),
              Arrays.copyOf(chunk, chunk.length - 2))
          .join();
      // and the whole corpus of the topics the orchestrator follows and the jobs read back
      publishCorpus(
          publisher,
          List.of(topics.events(), topics.campaigns(), topics.logits(), topics.checkpoints()));
    }
  }

  /** Every record of {@link PoisonCorpus} on {@code onTopics}; assignments to local-student-1. */
  private void publishCorpus(RecordPublisher publisher, List<TopicDescriptor<?, ?>> onTopics) {
    List<String> names = onTopics.stream().map(TopicDescriptor::name).toList();
    PoisonCorpus.all()
        .filter(p -> names.contains(p.topic().name()))
        .forEach(
            p -> {
              String key =
                  // descriptors hold fresh serdes each: a topic is known by its name
                  p.topic().name().equals(topics.assignments().name())
                      ? "local-student-1"
                      : "poison-corpus";
              long offset =
                  publisher.publishRaw(p.topic().name(), bytes(key), p.value()).join().offset();
              corpus.put(p.topic().name() + "/" + offset, p.reason());
              corpusPerTopic.merge(p.topic().name(), 1, Integer::sum);
            });
  }

  /** On the topics that are only followed live, while everyone is following them. */
  void publishOnTheLiveTopics() {
    try (RecordPublisher publisher = new RecordPublisher(kafka, "poison-test")) {
      publisher
          .publishRaw(topics.workers().name(), bytes("ghost"), bytes("{\"role\": \"janitor\"}"))
          .join();
      publisher
          .publishRaw(topics.assignments().name(), bytes("local-student-1"), new byte[] {0, 1, 2})
          .join();
      publishCorpus(publisher, List.of(topics.workers(), topics.assignments()));
    }
  }

  /** Each went to the dead-letter topic with its origin, and was counted where it was met. */
  void assertDeadLettered(String apiUrl) throws Exception {
    List<DeadLetter> letters = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while ((letters.stream().map(DeadLetter::sourceTopic).distinct().count() < 5
            || !origins(letters).containsAll(corpus.keySet()))
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
      letters.clear();
      TopicContents.read(kafka.bootstrapServers(), topics.deadLetters(), (k, d) -> letters.add(d));
    }
    assertThat(letters)
        .anySatisfy(
            d -> {
              assertThat(d.sourceTopic()).isEqualTo(topics.events().name());
              assertThat(d.consumer()).isEqualTo("orchestrator");
              assertThat(new String(d.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
            });
    assertThat(letters)
        .anySatisfy(
            d -> {
              assertThat(d.sourceTopic()).isEqualTo(topics.workers().name());
              assertThat(d.consumer()).isEqualTo("orchestrator");
              assertThat(d.error()).contains("janitor");
            });
    assertThat(letters)
        .anySatisfy(
            d -> {
              assertThat(d.sourceTopic()).isEqualTo(topics.assignments().name());
              assertThat(d.consumer()).isEqualTo("local-student-1");
              assertThat(d.value()).containsExactly(0, 1, 2);
            });
    assertThat(letters)
        .filteredOn(d -> d.sourceTopic().equals(topics.logits().name()))
        .allSatisfy(d -> assertThat(d.error()).contains("at offset -1 is out of range"))
        .extracting(DeadLetter::consumer)
        .as("students read the logits, and the pruner for fine-tuning")
        .contains("local-student-1", "local-pruner-1");
    assertThat(letters)
        .filteredOn(d -> d.sourceTopic().equals(topics.checkpoints().name()))
        .extracting(DeadLetter::consumer)
        .as("the pruner read the checkpoints twice, for the teacher and the student")
        .contains("local-pruner-1");
    assertThat(
            letters.stream()
                .collect(
                    Collectors.groupingBy(
                        d -> d.sourceTopic() + "/" + d.offset() + " by " + d.consumer(),
                        Collectors.counting())))
        .as("once per record and process")
        .allSatisfy((origin, count) -> assertThat(count).as(origin).isEqualTo(1));
    // every record of the corpus, with the reason it was refused for
    assertThat(origins(letters)).containsAll(corpus.keySet());
    corpus.forEach(
        (origin, reason) ->
            assertThat(letters)
                .filteredOn(d -> (d.sourceTopic() + "/" + d.offset()).equals(origin))
                .as(origin)
                .allSatisfy(d -> assertThat(d.error()).contains(reason)));
    assertThat(Promtool.scrape(apiUrl + "/metrics"))
        .contains(
            "netshrink_kafka_dead_letters_total{topic=\"netshrink.events\"} "
                + (1 + corpusOn(topics.events()))
                + ".0")
        .contains(
            "netshrink_kafka_dead_letters_total{topic=\"netshrink.workers\"} "
                + (1 + corpusOn(topics.workers()))
                + ".0")
        .contains(
            "netshrink_kafka_dead_letters_total{topic=\"netshrink.campaigns\"} "
                + corpusOn(topics.campaigns())
                + ".0");
    String studentMetrics =
        new ApiClient(apiUrl)
            .workers().stream()
                .filter(w -> w.workerId().equals("local-student-1"))
                .findFirst()
                .orElseThrow()
                .metricsUrl();
    assertThat(Promtool.scrape(studentMetrics))
        .contains(
            "netshrink_kafka_dead_letters_total{topic=\"netshrink.assignments\"} "
                + (1 + corpusOn(topics.assignments()))
                + ".0");
  }

  private int corpusOn(TopicDescriptor<?, ?> topic) {
    return corpusPerTopic.getOrDefault(topic.name(), 0);
  }

  private static java.util.Set<String> origins(List<DeadLetter> letters) {
    return letters.stream()
        .map(d -> d.sourceTopic() + "/" + d.offset())
        .collect(Collectors.toSet());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
