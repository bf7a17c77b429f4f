package dev.netshrink.cli;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.netshrink.protocol.event.CampaignSubmitted;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.kafka.DeadLetters;
import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.kafka.RecordPublisher;
import dev.netshrink.protocol.kafka.TopicSnapshot;
import dev.netshrink.protocol.spec.DatasetSpec;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.view.CampaignView;
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
 * `netshrink export CAMPAIGN TRIAL --out DIR`: a trained teacher or student, from the checkpoint of
 * the attempt whose result the campaign kept, as a folder DJL and PyTorch both open (see {@link
 * ModelExport}).
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
      paramLabel = "TRIAL",
      description = "the trial's name, e.g. teacher or kd-a0.5-t4 (see `netshrink status`)")
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
    List<TrialView> trials = campaign.get().trials();
    Optional<TrialView> trial = trials.stream().filter(t -> t.name().equals(trialName)).findFirst();
    if (trial.isEmpty()) {
      return refuse(
          "campaign "
              + campaignId
              + " has no trial "
              + trialName
              + "; its trials: "
              + trials.stream().map(TrialView::name).toList());
    }
    if (trial.get().kind().equals("prune")) {
      return refuse(
          "the pruning sweep's networks are measured, not kept: export the teacher or a student");
    }
    if (trial.get().state() != TrialStatus.SUCCEEDED) {
      return refuse(trialName + " has no model to export: it is " + trial.get().state());
    }
    KafkaSettings kafka = KafkaSettings.from(com.typesafe.config.ConfigFactory.load());
    if (bootstrap != null) {
      kafka = kafka.withBootstrapServers(bootstrap);
    }
    try (RecordPublisher publisher = new RecordPublisher(kafka, "netshrink-export")) {
      Topics topics = Topics.withDefaultPrefix();
      DeadLetters deadLetters = DeadLetters.skipping(topics, "netshrink-export");
      Optional<DatasetSpec> dataset = datasetOf(kafka, topics, deadLetters);
      if (dataset.isEmpty()) {
        return refuse("the submission of " + campaignId + " is not on " + kafka.bootstrapServers());
      }
      String jobId = RunJob.jobIdOf(trial.get().trialId(), trial.get().attempt());
      Optional<CheckpointTransport.Checkpoint> checkpoint =
          new CheckpointTransport(kafka, topics, publisher, deadLetters)
              .readOfAttempt(jobId, Duration.ofSeconds(30));
      if (checkpoint.isEmpty()) {
        return refuse("no checkpoint of " + jobId + " on " + kafka.bootstrapServers());
      }
      return write(checkpoint.get(), dataset.get(), trial.get());
    }
  }

  private int write(CheckpointTransport.Checkpoint c, DatasetSpec dataset, TrialView trial)
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
          trial.name(),
          c.arch().wireName(),
          description.parameters(),
          trial.accuracy() == null ? Double.NaN : trial.accuracy(),
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
