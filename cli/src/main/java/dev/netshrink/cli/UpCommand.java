package dev.netshrink.cli;

import com.typesafe.config.ConfigFactory;
import dev.netshrink.local.EmbeddedSystem;
import dev.netshrink.local.LocalPrometheus;
import dev.netshrink.local.broker.BrokerCredentials;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Like demo, but keeps the system up for `submit`, `status` and extra `worker`s until Ctrl-C. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = "Start the embedded broker, orchestrator and workers, and wait for campaigns.")
final class UpCommand implements Callable<Integer> {

  @Option(
      names = "--kafka-dir",
      description =
          "broker data folder; kept between runs (default: .netshrink/kafka, or"
              + " .netshrink/kafka-secure with --secure)")
  Path kafkaDir;

  @Option(
      names = "--secure",
      description =
          "SASL/SCRAM and ACLs on the broker: only the orchestrator writes submissions and"
              + " assignments, only workers write heartbeats, logits and checkpoints, and a client"
              + " without credentials is refused; the credential files are printed")
  boolean secure;

  @Option(
      names = "--kafka-port",
      defaultValue = "9092",
      description =
          "broker port; with --brokers N, the first node's, the others the next ports"
              + " (default: ${DEFAULT-VALUE})")
  int kafkaPort;

  @Option(
      names = "--brokers",
      defaultValue = "1",
      description =
          "embedded Kafka nodes: 1, or a cluster of 3 or more with every topic replicated to 3"
              + " nodes and writes acknowledged by 2, to try failover on one machine"
              + " (default: ${DEFAULT-VALUE}; data in .netshrink/kafka-Nbrokers)")
  int brokers;

  @Option(
      names = "--port",
      defaultValue = "8088",
      description = "HTTP API port (default: ${DEFAULT-VALUE})")
  int httpPort;

  @Option(
      names = "--reports",
      defaultValue = "reports",
      description = "report folder root (default: ${DEFAULT-VALUE})")
  Path reports;

  @Option(
      names = "--teachers",
      defaultValue = "1",
      description = "local teacher workers (default: ${DEFAULT-VALUE})")
  int teachers;

  @Option(
      names = "--students",
      defaultValue = "2",
      description = "local student workers (default: ${DEFAULT-VALUE})")
  int students;

  @Option(
      names = "--pruners",
      defaultValue = "1",
      description = "local pruner workers (default: ${DEFAULT-VALUE})")
  int pruners;

  @Option(
      names = "--prometheus",
      description =
          "also start Debian's prometheus with --prometheus-config, scraping the "
              + "orchestrator and (through its http_sd endpoint) every live worker")
  boolean prometheus;

  @Option(
      names = "--prometheus-port",
      defaultValue = "9090",
      description = "Prometheus web port (default: ${DEFAULT-VALUE})")
  int prometheusPort;

  @Option(
      names = "--prometheus-config",
      defaultValue = "deploy/local/prometheus.yml",
      description = "Prometheus config template (default: ${DEFAULT-VALUE})")
  Path prometheusConfig;

  @Option(
      names = "--prometheus-dir",
      defaultValue = ".netshrink/prometheus",
      description = "Prometheus data folder; kept between runs (default: ${DEFAULT-VALUE})")
  Path prometheusDir;

  @Override
  public Integer call() throws Exception {
    if (prometheus && LocalPrometheus.binary().isEmpty()) {
      System.err.println(LocalPrometheus.INSTALL_HINT + "; or run without --prometheus.");
      return 1;
    }
    if (brokers < 1 || brokers == 2) {
      // two nodes cannot keep a controller majority when one dies: no failover to try
      System.err.println(
          "netshrink up: --brokers must be 1, or 3 or more (a quorum of 2 survives no failure),"
              + " got "
              + brokers);
      return Netshrink.INVALID_SPEC;
    }
    if (brokers > 1 && secure) {
      System.err.println(
          "netshrink up: --secure runs one broker; a secured cluster is not supported here yet");
      return Netshrink.INVALID_SPEC;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Path dir =
        kafkaDir != null
            ? kafkaDir
            : Path.of(
                secure
                    ? ".netshrink/kafka-secure"
                    : brokers > 1 ? ".netshrink/kafka-" + brokers + "brokers" : ".netshrink/kafka");
    var counts = new EmbeddedSystem.WorkerCounts(teachers, students, pruners);
    EmbeddedSystem system;
    try {
      system =
          secure
              ? EmbeddedSystem.startSecure(
                  ConfigFactory.load(), dir, kafkaPort, httpPort, reports, counts, Path.of("logs"))
              : brokers > 1
                  ? EmbeddedSystem.startCluster(
                      ConfigFactory.load(),
                      dir,
                      brokers,
                      kafkaPort,
                      httpPort,
                      reports,
                      counts,
                      Path.of("logs"))
                  : EmbeddedSystem.start(
                      ConfigFactory.load(),
                      dir,
                      kafkaPort,
                      httpPort,
                      reports,
                      counts,
                      Path.of("logs"));
    } catch (IllegalStateException e) {
      // a broker folder started in the other mode: say which and what to do, no stack trace
      System.err.println("netshrink up: " + e.getMessage());
      return 2;
    }
    LocalPrometheus server = null;
    try {
      if (prometheus) {
        server =
            LocalPrometheus.start(
                prometheusConfig,
                system.apiUrl().replace("http://", ""),
                prometheusPort,
                prometheusDir,
                null);
      }
    } catch (Exception e) {
      system.close();
      throw e;
    }
    LocalPrometheus started = server;
    // Ctrl-C runs shutdown hooks while main waits: stop everything there, in order
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (started != null) {
                    started.close();
                  }
                  system.close();
                  stopped.countDown();
                }));
    System.out.printf(
        "netshrink is up.%n  Kafka:  %s%n  API:    %s/api%n  Console: %s/console/%n"
            + "  Submit: ./netshrink submit campaigns/fashion-demo.yaml --follow%n"
            + "  Add a worker: ./netshrink worker --role student --bootstrap %s%n",
        system.bootstrapServers(), system.apiUrl(), system.apiUrl(), system.bootstrapServers());
    system
        .credentials()
        .ifPresent(
            users ->
                System.out.printf(
                    "  Secured: SASL/SCRAM + ACLs. Credentials (owner-only files):%n"
                        + "    workers:      %s%n    orchestrator: %s%n    admin:        %s%n"
                        + "  A worker elsewhere: NETSHRINK_KAFKA_CLIENT_PROPERTIES=<workers' file>"
                        + " ./netshrink worker ...%n",
                    users.clientProperties(BrokerCredentials.WORKER),
                    users.clientProperties(BrokerCredentials.ORCHESTRATOR),
                    users.clientProperties(BrokerCredentials.ADMIN)));
    if (started != null) {
      System.out.printf(
          "  Prometheus: %s (targets: %s/targets; Grafana: see grafana/README.md)%n",
          started.url(), started.url());
    }
    System.out.println("Ctrl-C to stop.");
    stopped.await();
    return 0;
  }
}
