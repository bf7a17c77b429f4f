package dev.netshrink.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.netshrink.local.export.ZipDownloads;
import dev.netshrink.orchestrator.Orchestrator;
import dev.netshrink.orchestrator.OrchestratorSettings;
import dev.netshrink.orchestrator.lease.OrchestratorLease;
import dev.netshrink.workers.runtime.ParentProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The orchestrator alone, against an existing Kafka cluster. Restartable at any time: its state is
 * rebuilt from the campaigns and events topics. Start several with the same settings, on different
 * hosts: one holds the lease ({@link OrchestratorLease}) and acts, the others wait as standbys and
 * the first to get the lease takes over when the holder stops or its host dies.
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
    Config config = ConfigFactory.load();
    OrchestratorSettings base = OrchestratorSettings.from(config);
    if (bootstrap != null) {
      base = base.withKafka(base.kafka().withBootstrapServers(bootstrap));
    }
    if (port != null) {
      base = base.withHttpPort(port);
    }
    if (reports != null) {
      base = base.withReportsDir(reports);
    }
    parent.exitWithIt();
    // the lease topic must exist before this process can wait for its partition
    Orchestrator.provisionTopics(base.kafka(), base.topics());
    // which process holds the lease, in the brokers' and our logs (pods share host and port)
    String holder = hostName() + "-" + ProcessHandle.current().pid();
    OrchestratorLease lease =
        new OrchestratorLease(
            base.kafka(),
            base.topics(),
            holder,
            config.getDuration("netshrink.orchestrator.lease.session-timeout"),
            reason -> {
              // at once, with no shutdown hooks: nothing more may be assigned or written
              System.err.printf(
                  "orchestrator: %s; exiting so that only one orchestrator acts (exit 3)%n",
                  reason);
              Runtime.getRuntime().halt(3);
            });
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicReference<Orchestrator> running = new AtomicReference<>();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  Orchestrator o = running.get();
                  if (o != null) {
                    o.close();
                  }
                  try {
                    lease.close(); // leaves the lease group: a standby takes over now
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  stopped.countDown();
                }));
    // a first join takes up to group.initial.rebalance.delay.ms (3 s by default): only a wait
    // past that means that another orchestrator holds the lease
    if (!lease.awaitAcquired(Duration.ofSeconds(5))) {
      System.out.printf(
          "standby: another orchestrator holds the lease (%s on Kafka %s); taking over when it"
              + " stops or is silent for %d s%n",
          base.topics().orchestratorLeaseGroup(),
          base.kafka().bootstrapServers(),
          lease.sessionTimeout().toSeconds());
      while (!lease.awaitAcquired(Duration.ofMinutes(1))) {
        // a standby waits as long as the holder lives
      }
      System.out.println("standby: took over the lease");
    }
    // this process has the model classes: the API serves models for download
    Orchestrator orchestrator =
        Orchestrator.start(base, new ZipDownloads(base.kafka(), base.topics()));
    running.set(orchestrator);
    System.out.printf(
        "orchestrator on http://%1$s:%2$d/api (web console http://%1$s:%2$d/console/), Kafka %3$s%n",
        base.httpHost(), orchestrator.httpPort(), base.kafka().bootstrapServers());
    stopped.await();
    return 0;
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "unknown-host";
    }
  }
}
