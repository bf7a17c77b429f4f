package dev.netshrink.cli;

import com.typesafe.config.ConfigFactory;
import dev.netshrink.local.export.ZipDownloads;
import dev.netshrink.orchestrator.Orchestrator;
import dev.netshrink.orchestrator.OrchestratorSettings;
import dev.netshrink.workers.runtime.ParentProcess;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The orchestrator alone, against an existing Kafka cluster. Restartable at any time: its state is
 * rebuilt from the campaigns and events topics.
 */
@Command(
    name = "orchestrator",
    mixinStandardHelpOptions = true,
    description = "Run the orchestrator (actors + HTTP API) against a running Kafka cluster.")
final class OrchestratorCommand implements Callable<Integer> {

  @Option(
      names = "--bootstrap",
      description =
          "Kafka bootstrap servers (default:"
              + " netshrink.kafka.bootstrap-servers, i.e. NETSHRINK_BOOTSTRAP or 127.0.0.1:9092)")
  String bootstrap;

  @Option(
      names = "--port",
      description = "HTTP API port (default: netshrink.orchestrator.http.port, 8088)")
  Integer port;

  @Option(
      names = "--reports",
      description = "report folder root (default: netshrink.orchestrator.reports-dir, reports)")
  Path reports;

  @Mixin ParentProcess parent;

  @Override
  public Integer call() throws Exception {
    OrchestratorSettings base = OrchestratorSettings.from(ConfigFactory.load());
    if (bootstrap != null) {
      base = base.withKafka(base.kafka().withBootstrapServers(bootstrap));
    }
    if (port != null) {
      base = base.withHttpPort(port);
    }
    if (reports != null) {
      base = base.withReportsDir(reports);
    }
    // this process has the model classes: the API serves models for download
    Orchestrator orchestrator =
        Orchestrator.start(base, new ZipDownloads(base.kafka(), base.topics()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  orchestrator.close();
                  stopped.countDown();
                }));
    System.out.printf(
        "orchestrator on http://%1$s:%2$d/api (web console http://%1$s:%2$d/console/), Kafka %3$s%n",
        base.httpHost(), orchestrator.httpPort(), base.kafka().bootstrapServers());
    parent.exitWithIt();
    stopped.await();
    return 0;
  }
}
