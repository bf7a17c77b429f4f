package dev.netshrink.cli;

import com.typesafe.config.ConfigFactory;
import dev.netshrink.orchestrator.OrchestratorSettings;
import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.worker.WorkerRole;
import dev.netshrink.workers.runtime.DatasetCache;
import dev.netshrink.workers.runtime.WorkerRuntime;
import dev.netshrink.workers.runtime.WorkerSettings;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A worker in its own JVM that joins a running system and leaves cleanly on Ctrl-C. */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = "Join a running system as a teacher, student or pruner worker.")
final class WorkerCommand implements Callable<Integer> {

  @Option(names = "--role", required = true, description = "teacher, student or pruner")
  String role;

  @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
  String bootstrap;

  @Option(names = "--id", description = "worker id (default: ROLE-HOST-random)")
  String id;

  @Option(names = "--metrics-host", defaultValue = "127.0.0.1",
      description = "address of this worker's /metrics, as Prometheus reaches it "
          + "(default: ${DEFAULT-VALUE})")
  String metricsHost;

  @Option(names = "--metrics-port", defaultValue = "0",
      description = "port of /metrics; 0 picks a free one (default: ${DEFAULT-VALUE})")
  int metricsPort;

  @Mixin
  ParentProcess parent;

  @Override
  public Integer call() throws Exception {
    WorkerRole workerRole;
    try {
      workerRole = WorkerRole.fromWireName(role);
    } catch (IllegalArgumentException e) {
      System.err.println("netshrink: --role must be teacher, student or pruner, not '" + role + "'");
      return Netshrink.INVALID_SPEC;
    }
    OrchestratorSettings config = OrchestratorSettings.from(ConfigFactory.load());
    String workerId = id != null ? id : role + "-" + UUID.randomUUID().toString().substring(0, 8);
    WorkerSettings settings = WorkerSettings.of(workerId, workerRole,
        new KafkaSettings(bootstrap, config.kafka().passThrough()), config.topics())
        .withMetrics(metricsHost, metricsPort);
    CountDownLatch stopped = new CountDownLatch(1);
    WorkerRuntime worker = WorkerRuntime.launch(settings, new DatasetCache());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      worker.close();
      stopped.countDown();
    }));
    System.out.println("worker " + workerId + " joined via " + bootstrap + "; Ctrl-C to leave");
    parent.exitWithIt();
    stopped.await();
    return 0;
  }
}
