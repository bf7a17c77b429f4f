package dev.netshrink.cli;

import com.typesafe.config.ConfigFactory;
import dev.netshrink.orchestrator.Orchestrator;
import dev.netshrink.orchestrator.OrchestratorSettings;
import dev.netshrink.protocol.kafka.KafkaSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The orchestrator alone, against an existing Kafka cluster. Restartable at any time: its state
 * is rebuilt from the campaigns and events topics.
 */
@Command(name = "orchestrator", mixinStandardHelpOptions = true,
    description = "Run the orchestrator (actors + HTTP API) against a running Kafka cluster.")
final class OrchestratorCommand implements Callable<Integer> {

  @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
  String bootstrap;

  @Option(names = "--port", defaultValue = "8088",
      description = "HTTP API port (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--reports", defaultValue = "reports",
      description = "report folder root (default: ${DEFAULT-VALUE})")
  Path reports;

  @Mixin
  ParentProcess parent;

  @Override
  public Integer call() throws Exception {
    OrchestratorSettings base = OrchestratorSettings.from(ConfigFactory.load());
    Orchestrator orchestrator = Orchestrator.start(base
        .withKafka(new KafkaSettings(bootstrap, base.kafka().passThrough()))
        .withHttpPort(port).withReportsDir(reports));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      orchestrator.close();
      stopped.countDown();
    }));
    System.out.printf("orchestrator on http://%s:%d/api, Kafka %s%n", base.httpHost(),
        orchestrator.httpPort(), bootstrap);
    parent.exitWithIt();
    stopped.await();
    return 0;
  }
}
