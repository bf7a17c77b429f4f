package dev.netshrink.workers.runtime;

import com.typesafe.config.ConfigFactory;
import dev.netshrink.protocol.worker.WorkerRole;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A worker in its own JVM that joins a running system and leaves cleanly on Ctrl-C: `netshrink
 * worker`, and the main of every worker process the local system starts ({@link WorkerMain}).
 * Options left out come from the configuration, so {@code NETSHRINK_BOOTSTRAP} and {@code
 * -Dnetshrink.kafka.bootstrap-servers} work as the README says.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = "Join a running system as a teacher, student or pruner worker.")
public final class WorkerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--role", required = true, description = "teacher, student or pruner")
  String role;

  @Option(
      names = "--bootstrap",
      description =
          "Kafka bootstrap servers (default:"
              + " netshrink.kafka.bootstrap-servers, i.e. NETSHRINK_BOOTSTRAP or 127.0.0.1:9092)")
  String bootstrap;

  @Option(names = "--id", description = "worker id (default: ROLE-random)")
  String id;

  @Option(
      names = "--metrics-host",
      description =
          "address of this worker's /metrics, as"
              + " Prometheus reaches it (default: netshrink.worker.metrics.host, 127.0.0.1)")
  String metricsHost;

  @Option(
      names = "--metrics-port",
      description =
          "port of /metrics; 0 picks a free one" + " (default: netshrink.worker.metrics.port, 0)")
  Integer metricsPort;

  @Mixin ParentProcess parent;

  @Override
  public Integer call() throws Exception {
    WorkerRole workerRole = parseRole();
    String workerId = id != null ? id : role + "-" + UUID.randomUUID().toString().substring(0, 8);
    WorkerSettings settings = WorkerSettings.from(ConfigFactory.load(), workerId, workerRole);
    if (bootstrap != null) {
      settings = settings.withKafka(settings.kafka().withBootstrapServers(bootstrap));
    }
    settings =
        settings.withMetrics(
            metricsHost != null ? metricsHost : settings.metricsHost(),
            metricsPort != null ? metricsPort : settings.metricsPort());
    CountDownLatch stopped = new CountDownLatch(1);
    WorkerRuntime worker = WorkerRuntime.launch(settings, new DatasetCache());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  worker.close();
                  stopped.countDown();
                }));
    System.out.println(
        "worker "
            + workerId
            + " joined via "
            + settings.kafka().bootstrapServers()
            + "; Ctrl-C to leave");
    parent.exitWithIt();
    stopped.await();
    return 0;
  }

  private WorkerRole parseRole() {
    try {
      return WorkerRole.fromWireName(role);
    } catch (IllegalArgumentException e) {
      // picocli prints this with the usage and exits 2, like every other usage error
      throw new ParameterException(
          spec.commandLine(), "--role must be teacher, student or pruner, not '" + role + "'");
    }
  }
}
