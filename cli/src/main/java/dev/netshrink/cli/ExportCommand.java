package dev.netshrink.cli;

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
import dev.netshrink.protocol.view.TargetChoice;
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
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `netshrink export CAMPAIGN [MODEL] --out DIR`: a trained teacher or student (from the checkpoint
 * of the attempt whose result the campaign kept), or a network a sweep or schedule kept (from the
 * models topic); without MODEL, the one the campaign's target chose, as a folder DJL and PyTorch
 * both open (see {@link ModelExport}).
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description =
        "Write a trial's model as a DJL model directory and a PyTorch form (model.json,"
            + " weights.safetensors, netshrink_torch.py).")
final class ExportCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "CAMPAIGN", description = "the campaign id")
  String campaignId;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "MODEL",
      description =
          "a trial's name (teacher, kd-a0.5-t4) or a kept network's id"
              + " (kd-a0.5-t4/l2-structured/0.50); `netshrink status CAMPAIGN` lists them."
              + " Absent: the model the campaign's target chose")
  String trialName;

  @Option(names = "--out", required = true, description = "the folder to write")
  Path out;

  @Option(names = "--force", description = "replace what --out holds")
  boolean force;

  @Option(
      names = "--api",
      defaultValue = "http://127.0.0.1:8088",
      description = "orchestrator URL (default: ${DEFAULT-VALUE})")
  String apiUrl;

  @Option(
      names = "--bootstrap",
      description = "Kafka bootstrap servers (default: netshrink.kafka.bootstrap-servers)")
  String bootstrap;

  @Override
  public Integer call() throws Exception {
    Optional<CampaignView> campaign = new ApiClient(apiUrl).findCampaign(campaignId);
    if (campaign.isEmpty()) {
      return refuse("no campaign " + campaignId + " (see `netshrink status`)");
    }
    if (trialName == null) {
      // the chosen model, or when none meets the target the closest (said on stderr)
      TargetChoice choice = campaign.get().choice();
      String pick = choice == null ? null : choice.met() ? choice.chosen() : choice.closest();
      if (pick == null) {
        return refuse(
            "MODEL: campaign "
                + campaignId
                + (choice == null
                    ? " has no target to choose a model by"
                    : " has no model for its target yet")
                + "; name one of its models: "
                + ModelView.of(campaign.get()).stream().map(ModelView::id).toList());
      }
      trialName = pick;
      System.err.println(
          choice.met()
              ? "the best model for " + choice.target() + ": " + pick
              : "no model meets "
                  + choice.target()
                  + "; the closest: "
                  + pick
                  + " ("
                  + choice.reason()
                  + ")");
    }
    List<TrialView> trials = campaign.get().trials();
    Optional<TrialView> trial = trials.stream().filter(t -> t.name().equals(trialName)).findFirst();
    if (trial.isEmpty() && trialName.contains("/")) {
      return exportKept(campaign.get());
    }
    if (trial.isEmpty()) {
      return refuse(
          "campaign "
              + campaignId
              + " has no trial "
              + trialName
              + "; its trials: "
              + trials.stream()
                  .filter(t -> !t.kind().equals("prune"))
                  .map(TrialView::name)
                  .toList());
    }
    if (trial.get().kind().equals("prune")) {
      return refuse(
          trialName
              + " is a slice of the pruning, not a model; the networks it kept: "
              + ModelView.of(campaign.get()).stream()
                  .map(ModelView::id)
                  .filter(id -> id.contains("/"))
                  .toList());
    }
    if (trial.get().state() != TrialStatus.SUCCEEDED) {
      return refuse(trialName + " has no model to export: it is " + trial.get().state());
    }
    String jobId = RunJob.jobIdOf(trial.get().trialId(), trial.get().attempt());
    return export(new Source(false, jobId, "no checkpoint of " + jobId, trial.get().accuracy()));
  }

  /**
   * Where the parameters are on Kafka: the checkpoint of the attempt {@code key} (a trial's model),
   * or the network {@code key} on the models topic ({@code kept}).
   */
  private record Source(boolean kept, String key, String missing, Double accuracy) {}

  private int export(Source source) throws Exception {
    KafkaSettings kafka = kafka();
    try (RecordPublisher publisher = new RecordPublisher(kafka, "netshrink-export")) {
      // the configured prefix, as the system that wrote the topics has it
      Topics topics = Topics.from(com.typesafe.config.ConfigFactory.load());
      DeadLetters deadLetters = DeadLetters.skipping(topics, "netshrink-export");
      Optional<DatasetSpec> dataset = datasetOf(kafka, topics, deadLetters);
      if (dataset.isEmpty()) {
        return refuse("the submission of " + campaignId + " is not on " + kafka.bootstrapServers());
      }
      CheckpointTransport transport =
          new CheckpointTransport(
              kafka,
              source.kept() ? topics.models() : topics.checkpoints(),
              publisher,
              deadLetters);
      Duration timeout = Duration.ofSeconds(30);
      Optional<CheckpointTransport.Checkpoint> network =
          source.kept()
              ? transport.readLatest(source.key(), timeout)
              : transport.readOfAttempt(source.key(), timeout);
      if (network.isEmpty()) {
        return refuse(source.missing() + " on " + kafka.bootstrapServers());
      }
      return write(network.get(), dataset.get(), trialName, source.accuracy());
    }
  }

  /** A network a sweep kept: its parameters and widths are on the models topic. */
  private int exportKept(CampaignView campaign) throws Exception {
    String key = campaignId + "/" + trialName;
    Optional<PrunePoint> point =
        campaign.pruning().stream()
            .filter(p -> p.kept() != null && p.kept().key().equals(key))
            .findFirst();
    if (point.isEmpty()) {
      return refuse(
          "campaign "
              + campaignId
              + " kept no network "
              + trialName
              + "; its models: "
              + ModelView.of(campaign).stream().map(ModelView::id).toList());
    }
    // a schedule's round keeps its fine-tuned network
    double accuracy =
        point.get().stage() == null ? point.get().accuracy() : point.get().fineTunedAccuracy();
    return export(
        new Source(true, key, "no network " + key, Double.isNaN(accuracy) ? null : accuracy));
  }

  private KafkaSettings kafka() {
    KafkaSettings kafka = KafkaSettings.from(com.typesafe.config.ConfigFactory.load());
    return bootstrap == null ? kafka : kafka.withBootstrapServers(bootstrap);
  }

  private int write(
      CheckpointTransport.Checkpoint c, DatasetSpec dataset, String name, Double accuracy)
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
        return refuse(e.getMessage());
      }
      System.out.printf(
          "exported %s (%s, %,d parameters, accuracy %.4f) to %s%n"
              + "  DJL:     ModelExport.load(%s)%n"
              + "  PyTorch: python3 %s %s --torchscript model.pt   (or import netshrink_torch;"
              + " netshrink_torch.load(...))%n",
          name,
          c.arch().wireName(),
          description.parameters(),
          accuracy == null ? Double.NaN : accuracy,
          out,
          out,
          out.resolve(ModelExport.TORCH_MODULE),
          out);
      return 0;
    }
  }

  private Optional<DatasetSpec> datasetOf(
      KafkaSettings kafka, Topics topics, DeadLetters deadLetters) {
    AtomicReference<CampaignSubmitted> found = new AtomicReference<>();
    TopicSnapshot.read(
        kafka,
        topics.campaigns(),
        deadLetters,
        Duration.ofSeconds(30),
        (key, submitted) -> {
          if (submitted != null && submitted.campaignId().equals(campaignId)) {
            found.set(submitted);
          }
          return true;
        });
    return Optional.ofNullable(found.get()).map(s -> s.spec().dataset());
  }

  private static int refuse(String reason) {
    System.err.println("netshrink export: " + reason);
    return Netshrink.INVALID_SPEC;
  }
}
