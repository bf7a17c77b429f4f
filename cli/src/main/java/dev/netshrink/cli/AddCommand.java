package dev.netshrink.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.netshrink.protocol.view.AddOrder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Adds students to a running campaign: more grid points, or more drawn ones. */
@Command(
    name = "add",
    mixinStandardHelpOptions = true,
    description = {
      "Add students to a running campaign, before its pruning starts.",
      "FRAGMENT is YAML, inline or in a file: `{alphas: [0.7], temperatures: [8]}` extends a"
          + " grid (every new point of it is added), `{trials: 4}` draws 4 more points of a"
          + " random search."
    })
final class AddCommand implements Callable<Integer> {

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

  @Parameters(index = "0", paramLabel = "CAMPAIGN", description = "the campaign id")
  String campaignId;

  @Parameters(index = "1", paramLabel = "FRAGMENT", description = "YAML text, or a file of it")
  String fragment;

  @Mixin ApiOption orchestrator;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    List<String> added = orchestrator.client().add(campaignId, order());
    System.out.println("campaign " + campaignId + ": added " + String.join(", ", added));
    return 0;
  }

  private AddOrder order() throws IOException {
    Path file = Path.of(fragment);
    String text = Files.isRegularFile(file) ? Files.readString(file) : fragment;
    try {
      AddOrder order = YAML.readValue(text, AddOrder.class);
      if (order == null) {
        throw new ParameterException(spec.commandLine(), "FRAGMENT: it is empty");
      }
      return order;
    } catch (UnrecognizedPropertyException e) {
      throw new ParameterException(
          spec.commandLine(),
          "FRAGMENT: unknown field '"
              + e.getPropertyName()
              + "' (known fields: alphas, temperatures, trials)");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ParameterException(
          spec.commandLine(), "FRAGMENT: not an add order: " + e.getOriginalMessage());
    }
  }
}
