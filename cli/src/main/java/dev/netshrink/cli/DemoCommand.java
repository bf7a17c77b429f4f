package dev.netshrink.cli;

import com.typesafe.config.ConfigFactory;
import dev.netshrink.local.EmbeddedSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the default campaign end to end on a throw-away embedded system and prints the tables. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Start an embedded broker, the orchestrator and workers; run a campaign; "
            + "print its results and the report folder.")
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--spec",
      description = "campaign spec (default: ${DEFAULT-VALUE})",
      defaultValue = "campaigns/fashion-demo.yaml")
  Path spec;

  @Option(
      names = "--reports",
      description = "report folder root (default: ${DEFAULT-VALUE})",
      defaultValue = "reports")
  Path reports;

  @Option(
      names = "--students",
      description = "student workers (default: ${DEFAULT-VALUE})",
      defaultValue = "2")
  int students;

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
    long start = System.nanoTime();
    Path kafkaDir = Files.createTempDirectory("netshrink-demo-kafka");
    try (EmbeddedSystem system =
        EmbeddedSystem.start(
            ConfigFactory.load(),
            kafkaDir,
            0,
            0,
            reports,
            new EmbeddedSystem.WorkerCounts(1, students, 1),
            Path.of("logs"))) {
      System.out.printf(
          "Embedded Kafka on %s, orchestrator API on %s/api%nWeb console: %s/console/%n",
          system.bootstrapServers(), system.apiUrl(), system.apiUrl());
      ApiClient api = new ApiClient(system.apiUrl());
      String id = api.submit(text);
      System.out.println("Submitted campaign " + id + "; following it:");
      int exitCode = new CampaignFollower(api, System.out).followAndReport(id);
      System.out.printf("Wall time: %.0f s%n", (System.nanoTime() - start) / 1e9);
      return exitCode;
    } finally {
      TempFiles.deleteRecursively(kafkaDir);
    }
  }
}
