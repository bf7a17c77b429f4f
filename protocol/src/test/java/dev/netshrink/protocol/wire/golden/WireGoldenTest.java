package dev.netshrink.protocol.wire.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.job.Assignment;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.WorkerView;
import dev.netshrink.protocol.wire.Json;
import dev.netshrink.protocol.wire.JsonSerde;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the JSON wire format: every type on a JSON topic or served by the HTTP API, as a fixed
 * instance ({@link WireSamples}), against a file under {@code src/test/resources/golden/}. A change
 * to a record that changes its JSON fails here; a change that keeps the JSON passes.
 *
 * <p>After an intended wire change (or to add a type), regenerate the files and review the diff:
 *
 * <pre>
 *   mvn -o -B -pl protocol test -Dtest=WireGoldenTest -Dnetshrink.golden.write=true
 * </pre>
 *
 * Without that property a missing file fails the test; files are never written silently.
 */
class WireGoldenTest {

  private static final String WRITE_PROPERTY = "netshrink.golden.write";
  private static final Topics TOPICS = Topics.withDefaultPrefix();

  /** One golden file: a value, and the serde it travels with (its topic's, or the API's). */
  record Golden<T>(String file, Serde<T> serde, T value) {
    @Override
    public String toString() {
      return file;
    }
  }

  static Stream<Golden<?>> goldens() {
    var events = TOPICS.events().valueSerde();
    var assignments = TOPICS.assignments().valueSerde();
    return Stream.of(
        new Golden<>("TrialStarted.json", events, WireSamples.TRIAL_STARTED),
        new Golden<>("TrainingProgressed.json", events, WireSamples.TRAINING_PROGRESSED),
        new Golden<>("EpochCompleted.json", events, WireSamples.EPOCH_COMPLETED),
        new Golden<>("LogitsPublished.json", events, WireSamples.LOGITS_PUBLISHED),
        new Golden<>("CheckpointSaved.json", events, WireSamples.CHECKPOINT_SAVED),
        new Golden<>("PrunePointMeasured.json", events, WireSamples.PRUNE_POINT_MEASURED),
        new Golden<>("TrialCompleted.json", events, WireSamples.TRIAL_COMPLETED),
        new Golden<>("TrialFailed.json", events, WireSamples.TRIAL_FAILED),
        new Golden<>("PredictionsMade.json", events, WireSamples.PREDICTIONS_MADE),
        new Golden<>("TrialQueued.json", events, WireSamples.TRIAL_QUEUED),
        new Golden<>("TrialRetried.json", events, WireSamples.TRIAL_RETRIED),
        new Golden<>("TrialAbandoned.json", events, WireSamples.TRIAL_ABANDONED),
        new Golden<>("TrialStopped.json", events, WireSamples.TRIAL_STOPPED),
        new Golden<>("TrialPromoted.json", events, WireSamples.TRIAL_PROMOTED),
        new Golden<>("CampaignCancelled.json", events, WireSamples.CAMPAIGN_CANCELLED),
        new Golden<>("TrialReopened.json", events, WireSamples.TRIAL_REOPENED),
        new Golden<>("ConcurrencyLimited.json", events, WireSamples.CONCURRENCY_LIMITED),
        new Golden<>("TrialsAdded.json", events, WireSamples.TRIALS_ADDED),
        new Golden<>("CampaignCompleted.json", events, WireSamples.CAMPAIGN_COMPLETED),
        new Golden<>(
            "CampaignOutcome.json", TOPICS.outcomes().valueSerde(), WireSamples.CAMPAIGN_OUTCOME),
        new Golden<>(
            "TrialOutcome.json", TOPICS.trialOutcomes().valueSerde(), WireSamples.TRIAL_OUTCOME),
        new Golden<>(
            "CampaignSubmitted.json",
            TOPICS.campaigns().valueSerde(),
            WireSamples.CAMPAIGN_SUBMITTED),
        new Golden<>("RunJob-teacher.json", assignments, WireSamples.RUN_TEACHER_JOB),
        new Golden<>("RunJob-student.json", assignments, WireSamples.RUN_STUDENT_JOB),
        new Golden<>("RunJob-prune.json", assignments, WireSamples.RUN_PRUNE_JOB),
        new Golden<>("StopJob.json", assignments, WireSamples.STOP_JOB),
        new Golden<>("RunPack.json", assignments, WireSamples.RUN_PACK),
        new Golden<>(
            "Heartbeat-pack.json", TOPICS.workers().valueSerde(), WireSamples.PACK_HEARTBEAT),
        new Golden<>("Heartbeat.json", TOPICS.workers().valueSerde(), WireSamples.HEARTBEAT),
        new Golden<>("DeadLetter.json", TOPICS.deadLetters().valueSerde(), WireSamples.DEAD_LETTER),
        new Golden<>(
            "CampaignView.json", new JsonSerde<>(CampaignView.class), WireSamples.CAMPAIGN_VIEW),
        new Golden<>(
            "TrialView-search.json",
            new JsonSerde<>(dev.netshrink.protocol.view.TrialView.class),
            WireSamples.SEARCH_TRIAL_VIEW),
        new Golden<>(
            "WorkerView.json", new JsonSerde<>(WorkerView.class), WireSamples.WORKER_VIEW));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldens")
  <T> void serializesExactlyAsItsGoldenFile(Golden<T> golden) throws IOException {
    byte[] written = golden.serde().serializer().serialize("golden", golden.value());
    if (Boolean.getBoolean(WRITE_PROPERTY)) {
      write(golden.file(), written);
    }

    JsonNode expected = Json.MAPPER.readTree(read(golden.file()));

    assertThat(Json.MAPPER.readTree(written))
        .as(
            "JSON of %s (if this change is meant, regenerate: see WireGoldenTest's javadoc)",
            golden.file())
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldens")
  <T> void readsItsGoldenFileBackAsTheSameValue(Golden<T> golden) {
    T back = golden.serde().deserializer().deserialize("golden", read(golden.file()));

    assertThat(back).isExactlyInstanceOf(golden.value().getClass());
    if (hasArrayComponent(golden.value())) {
      assertThat(back)
          .usingRecursiveComparison()
          .withStrictTypeChecking()
          .isEqualTo(golden.value());
    } else {
      assertThat(back).isEqualTo(golden.value());
    }
  }

  /** A new event or job type must come with its golden file, or this fails. */
  @Test
  void everyEventAndAssignmentTypeHasAGoldenFile() {
    List<Class<?>> pinned = goldens().<Class<?>>map(g -> g.value().getClass()).toList();
    for (Class<?> root : List.of(CampaignEvent.class, Assignment.class)) {
      assertThat(
              Arrays.stream(root.getAnnotation(JsonSubTypes.class).value())
                  .map(JsonSubTypes.Type::value))
          .as("subtypes of %s", root.getSimpleName())
          .allSatisfy(type -> assertThat(pinned).contains(type));
    }
  }

  private static boolean hasArrayComponent(Object value) {
    return value.getClass().isRecord()
        && Arrays.stream(value.getClass().getRecordComponents())
            .anyMatch(c -> c.getType().isArray());
  }

  private static byte[] read(String file) {
    try (InputStream in = WireGoldenTest.class.getResourceAsStream("/golden/" + file)) {
      if (in == null) {
        fail(
            "golden file golden/%s is missing: write it with"
                + " mvn -o -B -pl protocol test -Dtest=WireGoldenTest -D%s=true"
                + " and review it before committing",
            file, WRITE_PROPERTY);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the source file and the copy on the test classpath, so this same run reads it. */
  private static void write(String file, byte[] json) throws IOException {
    DefaultPrettyPrinter pretty =
        new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
    String text = Json.MAPPER.writer(pretty).writeValueAsString(Json.MAPPER.readTree(json)) + "\n";
    Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    for (String dir : new String[] {"src/test/resources/golden", "target/test-classes/golden"}) {
      Path target = module.resolve(dir).resolve(file);
      Files.createDirectories(target.getParent());
      Files.writeString(target, text, StandardCharsets.UTF_8);
    }
  }
}
