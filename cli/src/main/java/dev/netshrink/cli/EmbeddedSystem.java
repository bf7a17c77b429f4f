package dev.netshrink.cli;

import com.typesafe.config.Config;
import dev.netshrink.orchestrator.Orchestrator;
import dev.netshrink.orchestrator.OrchestratorSettings;
import dev.netshrink.orchestrator.broker.EmbeddedKafkaBroker;
import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.worker.WorkerRole;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The local system of `demo` and `up`: an embedded KRaft broker and the orchestrator in this
 * JVM, and the workers as child processes that talk to the orchestrator only through Kafka.
 */
final class EmbeddedSystem implements AutoCloseable {

  /**
   * How many workers of each role to start. Students train side by side, so each gets a share
   * of the cores; the teacher and the pruner run alone in their phase and get them all.
   */
  record WorkerCounts(int teachers, int students, int pruners, int threadsPerStudent) {

    WorkerCounts(int teachers, int students, int pruners) {
      this(teachers, students, pruners, 0);
    }

    /** {@code threadsPerStudent} 0: the cores shared out among the students. */
    List<WorkerProcesses.Spec> specs() {
      int cores = Runtime.getRuntime().availableProcessors();
      List<WorkerProcesses.Spec> specs = new ArrayList<>();
      for (int i = 1; i <= teachers; i++) {
        specs.add(new WorkerProcesses.Spec(WorkerRole.TEACHER, i, cores));
      }
      for (int i = 1; i <= students; i++) {
        specs.add(new WorkerProcesses.Spec(WorkerRole.STUDENT, i, threadsPerStudent > 0
            ? threadsPerStudent : Math.max(1, cores / Math.max(1, students))));
      }
      for (int i = 1; i <= pruners; i++) {
        specs.add(new WorkerProcesses.Spec(WorkerRole.PRUNER, i, cores));
      }
      return specs;
    }
  }

  private EmbeddedKafkaBroker broker;
  private final Orchestrator orchestrator;
  private final WorkerProcesses workers;

  private EmbeddedSystem(EmbeddedKafkaBroker broker, Orchestrator orchestrator,
      WorkerProcesses workers) {
    this.broker = broker;
    this.orchestrator = orchestrator;
    this.workers = workers;
  }

  static EmbeddedSystem start(Config config, Path kafkaDir, int kafkaPort, int httpPort,
      Path reportsDir, WorkerCounts counts, Path logDir) throws Exception {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(kafkaDir, kafkaPort, Map.of());
    try {
      OrchestratorSettings base = OrchestratorSettings.from(config);
      OrchestratorSettings settings = base
          .withKafka(new KafkaSettings(broker.bootstrapServers(), base.kafka().passThrough()))
          .withHttpPort(httpPort).withReportsDir(reportsDir);
      Orchestrator orchestrator = Orchestrator.start(settings);
      try {
        return new EmbeddedSystem(broker, orchestrator,
            WorkerProcesses.start(counts.specs(), broker.bootstrapServers(), logDir));
      } catch (Exception | Error e) {
        orchestrator.close();
        throw e;
      }
    } catch (Exception | Error e) {
      broker.close();
      throw e;
    }
  }

  String apiUrl() {
    return "http://127.0.0.1:" + orchestrator.httpPort();
  }

  /** Stops a local worker with SIGTERM, or SIGKILL when {@code forcibly} (the fault tests). */
  void stopWorker(String workerId, boolean forcibly) throws InterruptedException {
    workers.stop(workerId, forcibly);
  }

  /**
   * Stops the broker and starts it again on the same data folder and port after
   * {@code downtime}: the clients of the orchestrator and the workers must reconnect by
   * themselves.
   */
  synchronized void restartBroker(java.time.Duration downtime) throws InterruptedException {
    Path dataDir = broker.dataDir();
    int port = Integer.parseInt(broker.bootstrapServers().replaceAll(".*:", ""));
    broker.close();
    Thread.sleep(downtime.toMillis());
    broker = EmbeddedKafkaBroker.start(dataDir, port, Map.of());
  }

  String bootstrapServers() {
    return broker.bootstrapServers();
  }

  @Override
  public void close() {
    workers.close();
    orchestrator.close();
    broker.close();
  }
}
