package dev.netshrink.cli;

import dev.netshrink.local.export.ModelExporter;
import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.ModelView;
import dev.netshrink.protocol.view.TargetChoice;
import dev.netshrink.workers.export.ModelExport;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  @Mixin ApiOption orchestrator;

  @Option(
      names = "--bootstrap",
      description = "Kafka bootstrap servers (default: netshrink.kafka.bootstrap-servers)")
  String bootstrap;

  @Override
  public Integer call() throws Exception {
    Optional<CampaignView> campaign = orchestrator.client().findCampaign(campaignId);
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
    KafkaSettings kafka = KafkaSettings.from(com.typesafe.config.ConfigFactory.load());
    // the configured prefix, as the system that wrote the topics has it
    ModelExporter exporter =
        new ModelExporter(
            bootstrap == null ? kafka : kafka.withBootstrapServers(bootstrap),
            Topics.from(com.typesafe.config.ConfigFactory.load()));
    ModelExporter.Outcome outcome = exporter.export(campaign.get(), trialName, out, force);
    if (outcome instanceof ModelExporter.Outcome.Refused refused) {
      return refuse(refused.reason());
    }
    ModelExporter.Outcome.Written written = (ModelExporter.Outcome.Written) outcome;
    System.out.printf(
        "exported %s (%s, %,d parameters, accuracy %.4f) to %s%n"
            + "  DJL:     ModelExport.load(%s)%n"
            + "  PyTorch: python3 %s %s --torchscript model.pt   (or import netshrink_torch;"
            + " netshrink_torch.load(...))%n",
        written.model(),
        written.arch(),
        written.parameters(),
        written.accuracy() == null ? Double.NaN : written.accuracy(),
        out,
        out,
        out.resolve(ModelExport.TORCH_MODULE),
        out);
    return 0;
  }

  private static int refuse(String reason) {
    System.err.println("netshrink export: " + reason);
    return Netshrink.INVALID_SPEC;
  }
}
