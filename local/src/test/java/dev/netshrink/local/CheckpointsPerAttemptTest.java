package dev.netshrink.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.local.broker.EmbeddedKafkaBroker;
import dev.netshrink.orchestrator.Orchestrator;
import dev.netshrink.protocol.kafka.DeadLetters;
import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.kafka.RecordPublisher;
import dev.netshrink.protocol.spec.Architecture;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.wire.CheckpointChunk;
import dev.netshrink.workers.runtime.CheckpointTransport;
import dev.netshrink.workers.runtime.CheckpointTransport.Checkpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints on a real broker are kept per attempt: a stale attempt (paused past the heartbeat
 * timeout, still training somewhere) can no longer overwrite the chunks of the attempt whose result
 * the campaign kept, and the pruner reads exactly that attempt's. A checkpoint carries Adam's state
 * with its parameters, across chunk boundaries.
 */
class CheckpointsPerAttemptTest {

  @TempDir Path tmp;

  @Test
  void aStaleAttemptsLaterCheckpointDoesNotReplaceTheOneOfTheAttemptThatCounts() throws Exception {
    onABroker(
        checkpoints -> {
          byte[] kept = {2, 2, 2};
          byte[] stale = {1, 1, 1, 1};
          checkpoints.publish(
              "c/s", 2, new Checkpoint(Architecture.DW_STUDENT, new int[] {4}, 2, kept));
          // attempt 1 was lost, resumed after the retry, and reached a later epoch
          checkpoints.publish(
              "c/s", 1, new Checkpoint(Architecture.DW_STUDENT, new int[] {4}, 3, stale));

          Checkpoint ofAttempt2 =
              checkpoints.readOfAttempt("c/s#2", Duration.ofSeconds(30)).orElseThrow();
          Checkpoint furthest = checkpoints.readLatest("c/s", Duration.ofSeconds(30)).orElseThrow();

          assertThat(ofAttempt2.epoch()).isEqualTo(2);
          assertThat(ofAttempt2.parameters()).isEqualTo(kept);
          assertThat(furthest.epoch()).as("a resumed attempt may start from any").isEqualTo(3);
          assertThat(checkpoints.readOfAttempt("c/s#3", Duration.ofSeconds(30))).isEmpty();
        });
  }

  @Test
  void aRetryReadsExactlyTheCheckpointItsAssignmentNamesNotAFencedAttemptsLaterOne()
      throws Exception {
    onABroker(
        checkpoints -> {
          byte[] accepted = {1};
          byte[] late = {2, 2};
          checkpoints.publish(
              "c/s", 1, new Checkpoint(Architecture.DW_STUDENT, new int[] {4}, 1, accepted));
          // attempt 1's host was cut off after its first epoch; it trained on and wrote epoch 2
          // when its link came back, after attempt 2 had been queued to resume from epoch 1
          checkpoints.publish(
              "c/s", 1, new Checkpoint(Architecture.DW_STUDENT, new int[] {4}, 2, late));

          Checkpoint resume =
              checkpoints.readExactly("c/s#1", 1, Duration.ofSeconds(30)).orElseThrow();

          assertThat(resume.epoch()).isEqualTo(1);
          assertThat(resume.parameters()).isEqualTo(accepted);
          assertThat(checkpoints.readExactly("c/s#1", 3, Duration.ofSeconds(30))).isEmpty();
          assertThat(checkpoints.readExactly("c/s#2", 1, Duration.ofSeconds(30))).isEmpty();
        });
  }

  @Test
  void theOptimizerStateComesBackWithTheParametersAcrossChunks() throws Exception {
    onABroker(
        checkpoints -> {
          // 1.5 chunks of parameters, then a state that straddles the second chunk's end
          byte[] parameters = new byte[CheckpointChunk.MAX_CHUNK_BYTES * 3 / 2];
          byte[] state = new byte[CheckpointChunk.MAX_CHUNK_BYTES];
          new Random(7).nextBytes(parameters);
          new Random(8).nextBytes(state);
          int chunks =
              checkpoints.publish(
                  "c/s",
                  1,
                  new Checkpoint(Architecture.DW_STUDENT, new int[] {4}, 1, parameters, state));

          Checkpoint back = checkpoints.readLatest("c/s", Duration.ofSeconds(30)).orElseThrow();

          assertThat(chunks).isEqualTo(3);
          assertThat(back.parameters()).isEqualTo(parameters);
          assertThat(back.optimizerState()).isEqualTo(state);
        });
  }

  /** What a test does with the checkpoints of a fresh broker. */
  private interface CheckpointTest {
    void run(CheckpointTransport checkpoints) throws Exception;
  }

  private void onABroker(CheckpointTest test) throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(tmp.resolve("kafka"))) {
      KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers());
      Topics topics = Topics.withDefaultPrefix();
      Orchestrator.provisionTopics(kafka, topics);
      try (RecordPublisher publisher = new RecordPublisher(kafka, "test")) {
        CheckpointTransport checkpoints =
            new CheckpointTransport(
                kafka, topics, publisher, new DeadLetters(publisher, topics, "test"));
        test.run(checkpoints);
      }
    }
  }
}
