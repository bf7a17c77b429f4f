package dev.netshrink.protocol.topic;

import com.typesafe.config.Config;
import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.CampaignOutcome;
import dev.netshrink.protocol.event.CampaignSubmitted;
import dev.netshrink.protocol.event.TrialOutcome;
import dev.netshrink.protocol.job.Assignment;
import dev.netshrink.protocol.wire.CheckpointChunk;
import dev.netshrink.protocol.wire.CheckpointChunkSerde;
import dev.netshrink.protocol.wire.DeadLetter;
import dev.netshrink.protocol.wire.JsonSerde;
import dev.netshrink.protocol.wire.LogitsBlock;
import dev.netshrink.protocol.wire.LogitsBlockSerde;
import dev.netshrink.protocol.worker.Heartbeat;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/** The netshrink topics under one configurable prefix (default {@code netshrink.}). */
public record Topics(String prefix) {

  public static final String DEFAULT_PREFIX = "netshrink.";
  private static final long MB = 1024L * 1024L;

  /**
   * Enough that a few dozen workers mostly share a partition with none or one other: a worker then
   * fetches about its own assignments only (`bench orchestrator`, BENCHMARKS section 5). Only order
   * per key matters, and a key stays on one partition.
   */
  public static final int ASSIGNMENT_PARTITIONS = 16;

  public static Topics withDefaultPrefix() {
    return new Topics(DEFAULT_PREFIX);
  }

  /** The prefix of {@code netshrink.kafka.topic-prefix} in {@code root}. */
  public static Topics from(Config root) {
    return new Topics(root.getString("netshrink.kafka.topic-prefix"));
  }

  /** How finished campaigns ended: compacted, so it outlives the events topic's retention. */
  public TopicDescriptor<String, CampaignOutcome> outcomes() {
    return new TopicDescriptor<>(
        prefix + "outcomes", Serdes.String(), new JsonSerde<>(CampaignOutcome.class), true, 1, -1);
  }

  /**
   * A finished trial's events until its campaign has an outcome: compacted, so a campaign still
   * running when its events expire keeps the trials it finished.
   */
  public TopicDescriptor<String, TrialOutcome> trialOutcomes() {
    return new TopicDescriptor<>(
        prefix + "trial-outcomes",
        Serdes.String(),
        new JsonSerde<>(TrialOutcome.class),
        true,
        1,
        -1);
  }

  public TopicDescriptor<String, CampaignSubmitted> campaigns() {
    return new TopicDescriptor<>(
        prefix + "campaigns",
        Serdes.String(),
        new JsonSerde<>(CampaignSubmitted.class),
        true,
        1,
        -1);
  }

  /**
   * Keyed by worker id over {@link #ASSIGNMENT_PARTITIONS} partitions; each worker reads only its
   * own key's partition ({@link KeyPartition}).
   */
  public TopicDescriptor<String, Assignment> assignments() {
    return new TopicDescriptor<>(
        prefix + "assignments",
        Serdes.String(),
        new JsonSerde<>(Assignment.class),
        false,
        ASSIGNMENT_PARTITIONS,
        64 * MB);
  }

  public TopicDescriptor<String, CampaignEvent> events() {
    return new TopicDescriptor<>(
        prefix + "events",
        Serdes.String(),
        new JsonSerde<>(CampaignEvent.class),
        false,
        1,
        256 * MB);
  }

  public TopicDescriptor<String, Heartbeat> workers() {
    return new TopicDescriptor<>(
        prefix + "workers", Serdes.String(), new JsonSerde<>(Heartbeat.class), false, 1, 32 * MB);
  }

  public TopicDescriptor<String, LogitsBlock> logits() {
    return new TopicDescriptor<>(
        prefix + "logits", Serdes.String(), new LogitsBlockSerde(), true, 1, -1);
  }

  public TopicDescriptor<String, CheckpointChunk> checkpoints() {
    return new TopicDescriptor<>(
        prefix + "checkpoints", Serdes.String(), new CheckpointChunkSerde(), true, 1, -1);
  }

  /**
   * The networks sweeps kept (channel-pruned ones, narrowed), chunked like checkpoints and keyed by
   * their {@code KeptModel} key: what `netshrink export` takes away.
   */
  public TopicDescriptor<String, CheckpointChunk> models() {
    return new TopicDescriptor<>(
        prefix + "models", Serdes.String(), new CheckpointChunkSerde(), true, 1, -1);
  }

  public TopicDescriptor<String, DeadLetter> deadLetters() {
    return new TopicDescriptor<>(
        prefix + "dlq", Serdes.String(), new JsonSerde<>(DeadLetter.class), false, 1, 64 * MB);
  }

  /**
   * One partition, never written: the orchestrator whose consumer the lease group gives it to is
   * the one that acts ({@code OrchestratorLease}); the others are standbys.
   */
  public TopicDescriptor<String, String> orchestratorLease() {
    return new TopicDescriptor<>(
        prefix + "orchestrator-lease", Serdes.String(), Serdes.String(), true, 1, -1);
  }

  /** The consumer group whose coordinator grants the orchestrator lease. */
  public String orchestratorLeaseGroup() {
    return prefix + "orchestrator-lease";
  }

  public List<TopicDescriptor<?, ?>> all() {
    return List.of(
        campaigns(),
        outcomes(),
        trialOutcomes(),
        assignments(),
        events(),
        workers(),
        logits(),
        checkpoints(),
        models(),
        deadLetters(),
        orchestratorLease());
  }
}
