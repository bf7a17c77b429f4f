package dev.netshrink.cli;

import dev.netshrink.protocol.spec.InvalidSpecException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Submits a spec to a running system (`netshrink up`), optionally following it to the end. */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = "Submit a campaign spec to a running orchestrator.")
final class SubmitCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "SPEC", description = "campaign spec (YAML)")
  Path spec;

  @Option(names = "--follow", description = "show progress until the campaign ends")
  boolean follow;

  @Mixin ApiOption orchestrator;

  @Override
  public Integer call() throws Exception {
    Optional<String> read = SpecFile.read(spec, System.err);
    if (read.isEmpty()) {
      return Netshrink.INVALID_SPEC;
    }
    String text = read.get();
    if (SpecFile.validate(spec, text, System.err).isEmpty()) {
      return Netshrink.INVALID_SPEC;
    }
    ApiClient api = orchestrator.client();
    String id;
    try {
      id = api.submit(text);
    } catch (InvalidSpecException e) {
      SpecFile.printRejection(spec, e, System.err);
      return Netshrink.INVALID_SPEC;
    }
    System.out.println(id);
    if (!follow) {
      return 0;
    }
    return new CampaignFollower(api, System.out).followAndReport(id);
  }
}
