package dev.netshrink.protocol.wire.golden;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netshrink.protocol.topic.TopicDescriptor;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.wire.CheckpointChunk;
import dev.netshrink.protocol.wire.CheckpointChunkSerde;
import dev.netshrink.protocol.wire.Json;
import dev.netshrink.protocol.wire.LogitsBlock;
import dev.netshrink.protocol.wire.LogitsBlockSerde;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Records a user (or a broken or hostile client) can write into the topics, each of which once
 * stopped the orchestrator or a worker for good, or failed every later attempt. Most are a golden
 * file with one field broken, so each shows the one thing that is wrong. {@code PoisonCorpusTest}
 * decodes each; the CLI's live-system test (through this module's test jar) writes them all into a
 * running campaign.
 */
public final class PoisonCorpus {

  private PoisonCorpus() {}

  static final Topics TOPICS = Topics.withDefaultPrefix();

  /** A record that must be dead-lettered: its topic, its bytes, and the reason's words. */
  public record Poison(String name, TopicDescriptor<?, ?> topic, byte[] value, String reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  public static Stream<Poison> all() {
    var events = TOPICS.events();
    var campaigns = TOPICS.campaigns();
    var workers = TOPICS.workers();
    var assignments = TOPICS.assignments();
    return Stream.of(
        new Poison("JSON null event", events, text("null"), "a JSON null"),
        new Poison("empty event", events, text("{}"), "cannot decode"),
        new Poison("not JSON", events, text("{not json"), "cannot decode"),
        new Poison("event of no known type", events, text("{\"type\":\"Boom\"}"), "cannot decode"),
        broken(
            "TrialCompleted without jobId",
            events,
            "TrialCompleted",
            n -> n.remove("jobId"),
            "jobId is missing"),
        broken(
            "TrialCompleted without workerId",
            events,
            "TrialCompleted",
            n -> n.remove("workerId"),
            "workerId is missing"),
        broken(
            "trial of another campaign",
            events,
            "TrialCompleted",
            n -> n.put("trialId", "other/kd-a0.9-t4"),
            "trialId must start with its campaign"),
        broken(
            "job not an attempt of its trial",
            events,
            "TrialCompleted",
            n -> n.put("jobId", "c-7f3a/teacher#1"),
            "jobId must be trialId#attempt"),
        broken(
            "attempt 0",
            events,
            "TrialStarted",
            n -> n.put("jobId", "c-7f3a/kd-a0.9-t4#0"),
            "jobId must be trialId#attempt"),
        broken(
            "blank eventId",
            events,
            "EpochCompleted",
            n -> n.put("eventId", " "),
            "eventId must be"),
        broken(
            "accuracy above 1",
            events,
            "EpochCompleted",
            n -> n.put("accuracy", 7.5),
            "accuracy must be between 0 and 1"),
        broken(
            "epoch 0",
            events,
            "EpochCompleted",
            n -> n.put("epoch", 0),
            "epoch must be at least 1"),
        broken(
            "NaN loss",
            events,
            "EpochCompleted",
            n -> n.put("kdLoss", Double.NaN),
            "kdLoss must be a finite number"),
        broken(
            "sweep point without model",
            events,
            "PrunePointMeasured",
            n -> n.remove("model"),
            "model is missing"),
        broken(
            "a kept network named after another trial",
            events,
            "PrunePointMeasured",
            n -> ((ObjectNode) n.get("kept")).put("parentTrialId", "c-7f3a/teacher"),
            "is not of c-7f3a/teacher"),
        broken(
            "a kept network of no bytes",
            events,
            "PrunePointMeasured",
            n -> ((ObjectNode) n.get("kept")).put("bytes", 0),
            "kept.bytes"),
        broken(
            "pruning ratio 2",
            events,
            "PrunePointMeasured",
            n -> n.put("ratio", 2.0),
            "ratio must be between 0 and 1"),
        broken(
            "logits of no precision",
            events,
            "LogitsPublished",
            n -> n.put("precision", "fp8"),
            "precision must be fp16 or fp32"),
        broken(
            "predictions that do not line up",
            events,
            "PredictionsMade",
            n -> n.putArray("categories").add(1),
            "3 ids but 1 categories"),
        broken(
            "a decision with a worker",
            events,
            "TrialQueued",
            n -> n.put("workerId", "w"),
            "workerId must be absent"),
        broken(
            "retried without reason",
            events,
            "TrialRetried",
            n -> n.remove("reason"),
            "reason is missing"),
        new Poison("JSON null submission", campaigns, text("null"), "a JSON null"),
        new Poison("empty submission", campaigns, text("{}"), "campaignId is missing"),
        broken(
            "submission without spec",
            campaigns,
            "CampaignSubmitted",
            n -> n.remove("spec"),
            "spec is missing"),
        broken(
            "submission with a spec section missing",
            campaigns,
            "CampaignSubmitted",
            n -> ((ObjectNode) n.get("spec")).remove("teacher"),
            "spec.teacher is missing"),
        broken(
            "submission with a negative temperature",
            campaigns,
            "CampaignSubmitted",
            n -> ((ObjectNode) n.get("spec").get("distillation")).putArray("temperatures").add(-1),
            "a temperature must be more than 0"),
        new Poison("JSON null heartbeat", workers, text("null"), "a JSON null"),
        broken(
            "heartbeat without workerId",
            workers,
            "Heartbeat",
            n -> n.remove("workerId"),
            "workerId is missing"),
        broken(
            "heartbeat whose metrics URL is not one",
            workers,
            "Heartbeat",
            n -> n.put("metricsUrl", "not a url"),
            "metricsUrl"),
        broken(
            "heartbeat running no attempt",
            workers,
            "Heartbeat",
            n -> n.put("runningJobId", "bogus"),
            "the attempt of runningJobId"),
        broken(
            "job whose id is not its attempt",
            assignments,
            "RunJob-student",
            n -> n.put("attempt", 3),
            "attempt 3 is not the attempt"),
        broken(
            "retry resuming from another trial's checkpoint",
            assignments,
            "RunJob-student",
            n -> ((ObjectNode) n.get("resumeFrom")).put("jobId", "c-7f3a/ce-baseline#1"),
            "is not an earlier attempt of"),
        broken(
            "retry resuming from a negative epoch",
            assignments,
            "RunJob-student",
            n -> ((ObjectNode) n.get("resumeFrom")).put("epoch", -1),
            "resumeFrom.epoch"),
        broken(
            "job without its settings",
            assignments,
            "RunJob-teacher",
            n -> n.remove("job"),
            "job is missing"),
        broken(
            "stop without a job",
            assignments,
            "StopJob",
            n -> n.remove("jobId"),
            "jobId is missing"),
        new Poison(
            "trial outcome holding another trial's event",
            TOPICS.trialOutcomes(),
            text(
                "{\"campaignId\":\"c\",\"trialId\":\"c/a\",\"atMillis\":1,\"events\":[{"
                    + "\"type\":\"TrialStarted\",\"eventId\":\"e1\",\"campaignId\":\"c\","
                    + "\"trialId\":\"c/b\",\"jobId\":\"c/b#1\",\"workerId\":\"w\","
                    + "\"atMillis\":1,\"attempt\":1}]}"),
            "is of trial c/b, not c/a"),
        new Poison(
            "trial outcome without events",
            TOPICS.trialOutcomes(),
            text("{\"campaignId\":\"c\",\"trialId\":\"c/a\",\"atMillis\":1,\"events\":[]}"),
            "events is empty"),
        new Poison(
            "trial outcome holding a campaign's event",
            TOPICS.trialOutcomes(),
            text(
                "{\"campaignId\":\"c\",\"trialId\":\"c/a\",\"atMillis\":1,\"events\":[{"
                    + "\"type\":\"CampaignCompleted\",\"eventId\":\"e1\",\"campaignId\":\"c\","
                    + "\"atMillis\":1,\"succeeded\":true}]}"),
            "cannot decode"),
        new Poison(
            "logits at a negative offset",
            TOPICS.logits(),
            negativeOffset(
                LogitsBlockSerde.encode(
                    new LogitsBlock(0, 1, 0, 1, 2, LogitsBlock.Precision.FP32, new float[2]))),
            "offset"),
        new Poison(
            "truncated checkpoint chunk",
            TOPICS.checkpoints(),
            truncated(
                CheckpointChunkSerde.encode(
                    new CheckpointChunk(
                        "c/t", "dw-student", new int[] {4}, 1, 0, 1, 3, new byte[] {1, 2, 3}))),
            "checkpoint"));
  }

  private static Poison broken(
      String name,
      TopicDescriptor<?, ?> topic,
      String golden,
      Consumer<ObjectNode> change,
      String reason) {
    try (InputStream in =
        PoisonCorpusTest.class.getResourceAsStream("/golden/" + golden + ".json")) {
      ObjectNode node = (ObjectNode) Json.MAPPER.readTree(in);
      change.accept(node);
      return new Poison(name, topic, Json.MAPPER.writeValueAsBytes(node), reason);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A well-formed block whose offset (bytes 10-13 of the header) is -1. */
  private static byte[] negativeOffset(byte[] block) {
    byte[] copy = block.clone();
    ByteBuffer.wrap(copy).putInt(10, -1);
    return copy;
  }

  private static byte[] truncated(byte[] chunk) {
    byte[] copy = new byte[chunk.length - 2];
    System.arraycopy(chunk, 0, copy, 0, copy.length);
    return copy;
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
