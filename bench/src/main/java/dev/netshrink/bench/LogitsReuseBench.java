package dev.netshrink.bench;

import com.typesafe.config.ConfigFactory;
import dev.netshrink.cli.ApiClient;
import dev.netshrink.cli.CampaignFollower;
import dev.netshrink.local.EmbeddedSystem;
import dev.netshrink.protocol.event.LogitsPublished;
import dev.netshrink.protocol.kafka.DeadLetters;
import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.kafka.RecordPublisher;
import dev.netshrink.protocol.kafka.TopicSnapshot;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.workers.runtime.CheckpointTransport;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `bench reuse`: what content-keyed teacher logits save. Each round starts a fresh embedded system,
 * trains a teacher once to get its checkpoint, then runs the same campaign with that teacher loaded
 * from the checkpoint twice: the first computes and publishes its logits, the second finds them
 * under the same key and computes none. Same spec, same weights, same data.
 */
@Command(
    name = "reuse",
    mixinStandardHelpOptions = true,
    description =
        "A teacher's logits computed against the same logits found on the topic by a later"
            + " campaign (content-keyed reuse).")
final class LogitsReuseBench implements Callable<Integer> {

  @Option(names = "--images", defaultValue = "60000", description = "training images")
  int images;

  @Option(
      names = "--teacher",
      defaultValue = "teacher-cnn",
      description = "teacher architecture (teacher-cnn, resnet18)")
  String teacher;

  @Option(names = "--rounds", defaultValue = "1")
  int rounds;

  /** The timed campaign: a loaded teacher, then one 1-epoch baseline student on 1,000 images. */
  private String loaded(Path checkpoint) {
    return """
        name: reuse
        dataset: {trainLimit: %d, testLimit: 1000}
        teacher: {arch: %s, epochs: 0, checkpoint: %s}
        student: {epochs: 1}
        distillation: {alphas: [], baseline: true}
        pruning: {models: []}
        """
        .formatted(images, teacher, checkpoint);
  }

  @Override
  public Integer call() throws Exception {
    List<Double> computedTeacher = new ArrayList<>();
    List<Double> reusedTeacher = new ArrayList<>();
    List<Double> computedWall = new ArrayList<>();
    List<Double> reusedWall = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      double[] r = round();
      computedTeacher.add(r[0]);
      reusedTeacher.add(r[1]);
      computedWall.add(r[2]);
      reusedWall.add(r[3]);
      System.err.printf(
          Locale.ROOT,
          "round %d: teacher job %.2f s computing, %.2f s reusing; campaign %.1f s, %.1f s%n",
          round,
          r[0],
          r[1],
          r[2],
          r[3]);
    }
    System.out.printf(
        Locale.ROOT,
        "teacher %s loaded from its checkpoint, %,d training images, %d round(s)%n%n"
            + "| measure (min / median / max) | logits computed | logits reused | saved |%n"
            + "|---|---|---|---|%n%s%n%s%n",
        teacher,
        images,
        rounds,
        row("teacher job s", RunStats.of(computedTeacher), RunStats.of(reusedTeacher)),
        row("campaign wall s", RunStats.of(computedWall), RunStats.of(reusedWall)));
    return 0;
  }

  private static String row(String name, RunStats computed, RunStats reused) {
    return String.format(
        Locale.ROOT,
        "| %s | %.2f / %.2f / %.2f | %.2f / %.2f / %.2f | %.2f s |",
        name,
        computed.min(),
        computed.median(),
        computed.max(),
        reused.min(),
        reused.median(),
        reused.max(),
        computed.median() - reused.median());
  }

  /** One fresh system: teacher seconds and campaign wall seconds, computing then reusing. */
  private double[] round() throws Exception {
    Path tmp = Files.createTempDirectory("netshrink-bench-reuse");
    // where specs may read files (netshrink.spec.file-roots): the folder the bench runs in
    Path checkpoint =
        Files.createTempFile(
            Files.createDirectories(Path.of(".netshrink").toAbsolutePath()),
            "bench-teacher",
            ".params");
    try (EmbeddedSystem system =
        EmbeddedSystem.start(
            ConfigFactory.load(),
            tmp.resolve("kafka"),
            0,
            0,
            tmp.resolve("reports"),
            new EmbeddedSystem.WorkerCounts(1, 1, 0),
            tmp.resolve("logs"))) {
      ApiClient api = new ApiClient(system.apiUrl());
      api.awaitWorkers(null, 2, Duration.ofMinutes(2));
      CampaignView trained =
          follow(
              api,
              """
              name: teacher
              dataset: {trainLimit: %d, testLimit: 1000}
              teacher: {arch: %s, epochs: 1}
              student: {epochs: 1}
              distillation: {alphas: [], baseline: true}
              pruning: {models: []}
              """
                  .formatted(images, teacher));
      Files.write(checkpoint, teacherCheckpoint(system, trained));
      // the trained teacher's logits are fp16 under the same key: the timed pair asks for fp32
      String spec = loaded(checkpoint).replace("pruning:", "logits: {precision: fp32}\npruning:");
      long start = System.nanoTime();
      CampaignView computed = follow(api, spec);
      double computedWall = (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      CampaignView reused = follow(api, spec);
      double reusedWall = (System.nanoTime() - start) / 1e9;
      checkReuse(system, computed.campaignId(), false);
      checkReuse(system, reused.campaignId(), true);
      return new double[] {
        computed.trials().get(0).seconds(),
        reused.trials().get(0).seconds(),
        computedWall,
        reusedWall
      };
    } finally {
      Files.deleteIfExists(checkpoint);
    }
  }

  private static CampaignView follow(ApiClient api, String spec) throws Exception {
    CampaignView done =
        new CampaignFollower(api, new PrintStream(OutputStream.nullOutputStream()))
            .follow(api.submit(spec));
    if (done.state() != CampaignStatus.SUCCEEDED) {
      throw new IllegalStateException("the campaign ended " + done.state());
    }
    return done;
  }

  /** Fails unless the campaign's teacher computed (or found) its logits, as the bench says. */
  private static void checkReuse(EmbeddedSystem system, String campaignId, boolean reused) {
    KafkaSettings kafka = KafkaSettings.of(system.bootstrapServers());
    Topics topics = Topics.withDefaultPrefix();
    List<LogitsPublished> found = new ArrayList<>();
    try (RecordPublisher publisher = new RecordPublisher(kafka, "bench-reuse")) {
      TopicSnapshot.read(
          kafka,
          topics.events(),
          new DeadLetters(publisher, topics, "bench-reuse"),
          Duration.ofSeconds(60),
          (key, event) -> {
            if (event instanceof LogitsPublished l && l.campaignId().equals(campaignId)) {
              found.add(l);
            }
            return true;
          });
    }
    if (found.size() != 1 || found.get(0).reused() != reused) {
      throw new IllegalStateException(
          campaignId
              + " should have "
              + (reused ? "reused" : "computed")
              + " its logits: "
              + found);
    }
  }

  static byte[] teacherCheckpoint(EmbeddedSystem system, CampaignView trained) {
    KafkaSettings kafka = KafkaSettings.of(system.bootstrapServers());
    Topics topics = Topics.withDefaultPrefix();
    try (RecordPublisher publisher = new RecordPublisher(kafka, "bench-reuse")) {
      return new CheckpointTransport(
              kafka, topics, publisher, new DeadLetters(publisher, topics, "bench-reuse"))
          .readLatest(trained.campaignId() + "/teacher", Duration.ofSeconds(60))
          .orElseThrow()
          .parameters();
    }
  }
}
