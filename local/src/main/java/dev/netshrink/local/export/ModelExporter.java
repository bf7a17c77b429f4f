package dev.netshrink.local.export;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.netshrink.protocol.event.CampaignSubmitted;
import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.kafka.DeadLetters;
import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.kafka.RecordPublisher;
import dev.netshrink.protocol.kafka.TopicSnapshot;
import dev.netshrink.protocol.spec.DatasetSpec;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.ModelView;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialView;
import dev.netshrink.workers.export.ModelDescription;
import dev.netshrink.workers.export.ModelExport;
import dev.netshrink.workers.model.Architectures;
import dev.netshrink.workers.model.ModelCheckpoint;
import dev.netshrink.workers.model.ParameterCounts;
import dev.netshrink.workers.runtime.CheckpointTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Finds one of a campaign's models on Kafka and writes it as {@link ModelExport}'s folder: a
 * trial's model from the checkpoint of the attempt whose result the campaign kept, or a network a
 * sweep or schedule kept, from the models topic. Behind `netshrink export` and the orchestrator's
 * download route alike. Reads Kafka with {@code DeadLetters.skipping}: a reader now and then writes
 * no dead letters.
 */
public final class ModelExporter {

  /** What an export did. */
  public sealed interface Outcome {

    /** The folder {@code dir} holds the model. */
    record Written(Path dir, String model, String arch, long parameters, Double accuracy)
        implements Outcome {}

    /**
     * Nothing was written, for {@code reason}; {@code unknown} when the campaign has no such model
     * (as opposed to one it cannot export now, or a folder in the way).
     */
    record Refused(String reason, boolean unknown) implements Outcome {}
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final KafkaSettings kafka;
  private final Topics topics;

  public ModelExporter(KafkaSettings kafka, Topics topics) {
    this.kafka = kafka;
    this.topics = topics;
  }

  /** Writes {@code model} of {@code campaign} to {@code out} (replacing it with {@code force}). */
  public Outcome export(CampaignView campaign, String model, Path out, boolean force)
      throws Exception {
    List<TrialView> trials = campaign.trials();
    Optional<TrialView> trial = trials.stream().filter(t -> t.name().equals(model)).findFirst();
    if (trial.isEmpty() && model.contains("/")) {
      return exportKept(campaign, model, out, force);
    }
    if (trial.isEmpty()) {
      return unknown(
          "campaign "
              + campaign.campaignId()
              + " has no trial "
              + model
              + "; its trials: "
              + trials.stream()
                  .filter(t -> !t.kind().equals("prune"))
                  .map(TrialView::name)
                  .toList());
    }
    if (trial.get().kind().equals("prune")) {
      return unknown(
          model
              + " is a slice of the pruning, not a model; the networks it kept: "
              + ModelView.of(campaign).stream()
                  .map(ModelView::id)
                  .filter(id -> id.contains("/"))
                  .toList());
    }
    if (trial.get().state() != TrialStatus.SUCCEEDED) {
      return new Outcome.Refused(
          model + " has no model to export: it is " + trial.get().state(), false);
    }
    String jobId = RunJob.jobIdOf(trial.get().trialId(), trial.get().attempt());
    return export(
        campaign.campaignId(),
        new Source(model, false, jobId, "no checkpoint of " + jobId, trial.get().accuracy()),
        out,
        force);
  }

  /**
   * Where the parameters are on Kafka: the checkpoint of the attempt {@code key} (a trial's model),
   * or the network {@code key} on the models topic ({@code kept}).
   */
  private record Source(String model, boolean kept, String key, String missing, Double accuracy) {}

  private Outcome exportKept(CampaignView campaign, String model, Path out, boolean force)
      throws Exception {
    String key = campaign.campaignId() + "/" + model;
    Optional<PrunePoint> point =
        campaign.pruning().stream()
            .filter(
                p ->
                    (p.kept() != null && p.kept().key().equals(key))
                        || (p.fineTunedKept() != null && p.fineTunedKept().key().equals(key)))
            .findFirst();
    if (point.isEmpty()) {
      return unknown(
          "campaign "
              + campaign.campaignId()
              + " kept no network "
              + model
              + "; its models: "
              + ModelView.of(campaign).stream().map(ModelView::id).toList());
    }
    // a schedule's round, and a sweep point's fine-tuned copy, are fine-tuned networks
    boolean fineTuned =
        point.get().stage() != null
            || (point.get().fineTunedKept() != null
                && point.get().fineTunedKept().key().equals(key));
    double accuracy = fineTuned ? point.get().fineTunedAccuracy() : point.get().accuracy();
    return export(
        campaign.campaignId(),
        new Source(model, true, key, "no network " + key, Double.isNaN(accuracy) ? null : accuracy),
        out,
        force);
  }

  private Outcome export(String campaignId, Source source, Path out, boolean force)
      throws Exception {
    try (RecordPublisher publisher = new RecordPublisher(kafka, "netshrink-export")) {
      DeadLetters deadLetters = DeadLetters.skipping(topics, "netshrink-export");
      Optional<DatasetSpec> dataset = datasetOf(campaignId, deadLetters);
      if (dataset.isEmpty()) {
        return new Outcome.Refused(
            "the submission of " + campaignId + " is not on " + kafka.bootstrapServers(), false);
      }
      CheckpointTransport transport =
          new CheckpointTransport(
              kafka,
              source.kept() ? topics.models() : topics.checkpoints(),
              publisher,
              deadLetters);
      Optional<CheckpointTransport.Checkpoint> network =
          source.kept()
              ? transport.readLatest(source.key(), TIMEOUT)
              : transport.readOfAttempt(source.key(), TIMEOUT);
      if (network.isEmpty()) {
        return new Outcome.Refused(source.missing() + " on " + kafka.bootstrapServers(), false);
      }
      return write(network.get(), dataset.get(), source, out, force);
    }
  }

  private static Outcome write(
      CheckpointTransport.Checkpoint c, DatasetSpec dataset, Source source, Path out, boolean force)
      throws Exception {
    List<Integer> widths = Arrays.stream(c.widths()).boxed().toList();
    int channels = dataset.inputChannels();
    int size = dataset.imageSize();
    try (Model model = Model.newInstance("export")) {
      model.setBlock(Architectures.build(c.arch(), channels, widths, dataset.classes()));
      model
          .getBlock()
          .initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, channels, size, size));
      ModelCheckpoint.load(model, c.parameters());
      ModelDescription description;
      try {
        // a description the exporter cannot write, or a folder in the way
        description =
            ModelDescription.of(
                c.arch(),
                channels,
                size,
                size,
                widths,
                dataset.classes(),
                ParameterCounts.trainable(model.getBlock()));
        ModelExport.write(model, description, out, force);
      } catch (IllegalArgumentException e) {
        return new Outcome.Refused(e.getMessage(), false);
      }
      return new Outcome.Written(
          out, source.model(), c.arch().wireName(), description.parameters(), source.accuracy());
    }
  }

  private Optional<DatasetSpec> datasetOf(String campaignId, DeadLetters deadLetters) {
    AtomicReference<CampaignSubmitted> found = new AtomicReference<>();
    TopicSnapshot.read(
        kafka,
        topics.campaigns(),
        deadLetters,
        TIMEOUT,
        (key, submitted) -> {
          if (submitted != null && submitted.campaignId().equals(campaignId)) {
            found.set(submitted);
          }
          return true;
        });
    return Optional.ofNullable(found.get()).map(s -> s.spec().dataset());
  }

  private static Outcome unknown(String reason) {
    return new Outcome.Refused(reason, true);
  }
}
