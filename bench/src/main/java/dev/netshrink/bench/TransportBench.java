package dev.netshrink.bench;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.netshrink.local.broker.EmbeddedKafkaBroker;
import dev.netshrink.orchestrator.Orchestrator;
import dev.netshrink.protocol.kafka.DeadLetters;
import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.kafka.RecordPublisher;
import dev.netshrink.protocol.spec.Architecture;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.wire.CheckpointChunkSerde;
import dev.netshrink.protocol.wire.LogitsBlock;
import dev.netshrink.protocol.wire.LogitsBlockSerde;
import dev.netshrink.workers.distill.TeacherLogits;
import dev.netshrink.workers.model.Architectures;
import dev.netshrink.workers.model.ModelCheckpoint;
import dev.netshrink.workers.runtime.CheckpointTransport;
import dev.netshrink.workers.runtime.LogitsTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `bench transport`: a full training set of teacher logits through netshrink's LogitsTransport
 * (encode, publish, read back, decode) against raw kafka-clients moving records of exactly the same
 * sizes with the same producer settings, on an embedded broker, alternated per round.
 */
@Command(
    name = "transport",
    mixinStandardHelpOptions = true,
    description =
        "Logits transport"
            + " (fp32, fp16) against raw kafka-clients with the same record sizes and settings.")
final class TransportBench implements Callable<Integer> {

  @Option(names = "--images", defaultValue = "60000")
  int images;

  @Option(names = "--classes", defaultValue = "10")
  int classes;

  @Option(names = "--rounds", defaultValue = "3")
  int rounds;

  @Option(
      names = "--checkpoints",
      split = ",",
      defaultValue = "dw-student,resnet18",
      description = "architectures whose (freshly initialized) checkpoint is sent too; none: -")
  List<String> checkpointArchs;

  @Override
  public Integer call() throws Exception {
    float[] values = new float[images * classes];
    Random random = new Random(1);
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian() * 3;
    }
    TeacherLogits logits = new TeacherLogits(images, classes, values);
    Map<String, byte[]> checkpoints = checkpoints();
    Path dir = Files.createTempDirectory("netshrink-bench-transport");
    Map<String, List<double[]>> results = new LinkedHashMap<>();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"))) {
      KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers());
      for (int round = 1; round <= rounds; round++) {
        for (LogitsBlock.Precision precision : LogitsBlock.Precision.values()) {
          Topics topics = new Topics("bench-" + round + "-" + precision + ".");
          Orchestrator.provisionTopics(kafka, topics);
          results
              .computeIfAbsent("netshrink " + precision, k -> new ArrayList<>())
              .add(netshrink(kafka, topics, logits, precision));
          Topics raw = new Topics("bench-" + round + "-raw-" + precision + ".");
          Orchestrator.provisionTopics(kafka, raw);
          results
              .computeIfAbsent("raw kafka-clients, " + precision + " sizes", k -> new ArrayList<>())
              .add(raw(kafka, raw.logits().name(), recordSizes(logits, precision)));
        }
        for (Map.Entry<String, byte[]> checkpoint : checkpoints.entrySet()) {
          Topics topics = new Topics("bench-" + round + "-" + checkpoint.getKey() + ".");
          Orchestrator.provisionTopics(kafka, topics);
          results
              .computeIfAbsent(
                  "netshrink checkpoint, " + checkpoint.getKey(), k -> new ArrayList<>())
              .add(netshrinkCheckpoint(kafka, topics, checkpoint));
          Topics raw = new Topics("bench-" + round + "-raw-" + checkpoint.getKey() + ".");
          Orchestrator.provisionTopics(kafka, raw);
          results
              .computeIfAbsent(
                  "raw kafka-clients, " + checkpoint.getKey() + " chunk sizes",
                  k -> new ArrayList<>())
              .add(raw(kafka, raw.checkpoints().name(), chunkSizes(checkpoint)));
        }
        System.err.printf(Locale.ROOT, "round %d/%d done%n", round, rounds);
      }
    }
    print(results);
    return 0;
  }

  /** {MB, publish s, read s} through LogitsTransport, checking what comes back. */
  private double[] netshrink(
      KafkaSettings kafka, Topics topics, TeacherLogits logits, LogitsBlock.Precision precision) {
    try (RecordPublisher publisher = new RecordPublisher(kafka, "bench-netshrink")) {
      LogitsTransport transport =
          new LogitsTransport(
              kafka, topics, publisher, new DeadLetters(publisher, topics, "bench"));
      long start = System.nanoTime();
      LogitsTransport.Published published = transport.publish("t", logits, precision);
      double publish = (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      TeacherLogits back = transport.read("t", images, classes, false, Duration.ofMinutes(1));
      double read = (System.nanoTime() - start) / 1e9;
      if (precision == LogitsBlock.Precision.FP32 && !back.equals(logits)) {
        throw new IllegalStateException("logits came back different");
      }
      return new double[] {published.bytes() / 1e6, publish, read};
    }
  }

  /** The encoded size of every block LogitsTransport would send. */
  private List<Integer> recordSizes(TeacherLogits logits, LogitsBlock.Precision precision) {
    List<Integer> sizes = new ArrayList<>();
    int perBlock = 1024;
    int blocks = (images + perBlock - 1) / perBlock;
    LogitsBlockSerde serde = new LogitsBlockSerde();
    for (int b = 0; b < blocks; b++) {
      int count = Math.min(perBlock, images - b * perBlock);
      sizes.add(
          serde
              .serializer()
              .serialize(
                  "",
                  new LogitsBlock(
                      b,
                      blocks,
                      b * perBlock,
                      count,
                      classes,
                      precision,
                      logits.rows(b * perBlock, count)))
              .length);
    }
    return sizes;
  }

  /** Real checkpoints (parameters as netshrink saves them) of freshly initialized networks. */
  private Map<String, byte[]> checkpoints() {
    Map<String, byte[]> checkpoints = new LinkedHashMap<>();
    for (String arch : checkpointArchs) {
      if (arch.equals("-")) {
        continue;
      }
      try (Model model = Model.newInstance(arch)) {
        model.setBlock(Architectures.build(Architecture.fromWireName(arch), 1, List.of(), classes));
        model
            .getBlock()
            .initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 28, 28));
        checkpoints.put(arch, ModelCheckpoint.save(model));
      }
    }
    return checkpoints;
  }

  /** {MB, publish s, read s} through CheckpointTransport, checking what comes back. */
  private static double[] netshrinkCheckpoint(
      KafkaSettings kafka, Topics topics, Map.Entry<String, byte[]> checkpoint) {
    try (RecordPublisher publisher = new RecordPublisher(kafka, "bench-netshrink")) {
      CheckpointTransport transport =
          new CheckpointTransport(
              kafka, topics, publisher, new DeadLetters(publisher, topics, "bench"));
      long start = System.nanoTime();
      transport.publish(
          "t",
          1,
          new CheckpointTransport.Checkpoint(
              Architecture.fromWireName(checkpoint.getKey()),
              new int[0],
              1,
              checkpoint.getValue()));
      double publish = (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      byte[] back = transport.readLatest("t", Duration.ofMinutes(1)).orElseThrow().parameters();
      double read = (System.nanoTime() - start) / 1e9;
      if (!java.util.Arrays.equals(back, checkpoint.getValue())) {
        throw new IllegalStateException("checkpoint came back different");
      }
      return new double[] {back.length / 1e6, publish, read};
    }
  }

  /** The encoded size of every chunk CheckpointTransport sends. */
  private static List<Integer> chunkSizes(Map.Entry<String, byte[]> checkpoint) {
    CheckpointChunkSerde serde = new CheckpointChunkSerde();
    return CheckpointTransport.chunks(
            "t",
            new CheckpointTransport.Checkpoint(
                Architecture.fromWireName(checkpoint.getKey()),
                new int[0],
                1,
                checkpoint.getValue()))
        .stream()
        .map(chunk -> serde.serializer().serialize("", chunk).length)
        .toList();
  }

  /** {MB, publish s, read s} for byte arrays of {@code sizes} with the same producer settings. */
  private static double[] raw(KafkaSettings kafka, String topic, List<Integer> sizes)
      throws Exception {
    List<byte[]> records = sizes.stream().map(byte[]::new).toList();
    long bytes = sizes.stream().mapToLong(Integer::longValue).sum();
    long start = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            kafka.producer("bench-raw"), new ByteArraySerializer(), new ByteArraySerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (int i = 0; i < records.size(); i++) {
        sent.add(
            producer.send(
                new ProducerRecord<>(
                    topic, ("t/" + i).getBytes(StandardCharsets.UTF_8), records.get(i))));
      }
      for (Future<RecordMetadata> f : sent) {
        f.get();
      }
      double publish = (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      long read = 0;
      try (KafkaConsumer<byte[], byte[]> consumer =
          new KafkaConsumer<>(
              kafka.consumer(null, "bench-raw"),
              new ByteArrayDeserializer(),
              new ByteArrayDeserializer())) {
        List<TopicPartition> partitions =
            consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        int seen = 0;
        while (seen < records.size()) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            read += r.value().length;
            seen++;
          }
        }
      }
      if (read != bytes) {
        throw new IllegalStateException("read " + read + " of " + bytes + " bytes");
      }
      return new double[] {bytes / 1e6, publish, (System.nanoTime() - start) / 1e9};
    }
  }

  private void print(Map<String, List<double[]>> results) {
    System.out.printf(
        Locale.ROOT,
        "logits of %,d images x %d classes, checkpoints %s, %d rounds;"
            + " seconds to publish and to read back, min / median / max%n%n| path | MB | publish s | read s | total s |%n"
            + "|---|---|---|---|---|%n",
        images,
        classes,
        checkpointArchs,
        rounds);
    results.forEach(
        (name, runs) ->
            System.out.printf(
                Locale.ROOT,
                "| %s | %.2f | %s | %s | %s |%n",
                name,
                runs.get(0)[0],
                stats(runs, 1),
                stats(runs, 2),
                stats(runs, -1)));
  }

  private static String stats(List<double[]> runs, int column) {
    RunStats stats =
        RunStats.of(runs.stream().map(r -> column < 0 ? r[1] + r[2] : r[column]).toList());
    return String.format(
        Locale.ROOT, "%.3f / %.3f / %.3f", stats.min(), stats.median(), stats.max());
  }
}
