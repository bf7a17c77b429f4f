package dev.netshrink.local;

import com.typesafe.config.Config;
import dev.netshrink.local.broker.BrokerCredentials;
import dev.netshrink.local.broker.EmbeddedKafkaBroker;
import dev.netshrink.local.broker.EmbeddedKafkaCluster;
import dev.netshrink.local.export.ZipDownloads;
import dev.netshrink.orchestrator.Orchestrator;
import dev.netshrink.orchestrator.OrchestratorSettings;
import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.worker.WorkerRole;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;

/**
 * The local system of `demo` and `up`: the orchestrator in this JVM, the workers as child processes
 * that talk to the orchestrator only through Kafka, and either an embedded KRaft broker that this
 * system owns or a broker someone else runs.
 */
public final class EmbeddedSystem implements AutoCloseable {

  /**
   * How many workers of each role to start. Students train side by side, so each gets a share of
   * the cores; the teacher and the pruner run alone in their phase and get them all.
   */
  public record WorkerCounts(int teachers, int students, int pruners, int threadsPerWorker) {

    public WorkerCounts(int teachers, int students, int pruners) {
      this(teachers, students, pruners, 0);
    }

    /**
     * {@code threadsPerWorker} 0: the cores shared out among the students, and among the pruners
     * (the two pools do not run at once: pruning waits for every student). A teacher gets them all.
     */
    List<WorkerProcesses.Spec> specs() {
      int cores = Runtime.getRuntime().availableProcessors();
      List<WorkerProcesses.Spec> specs = new ArrayList<>();
      for (int i = 1; i <= teachers; i++) {
        specs.add(new WorkerProcesses.Spec(WorkerRole.TEACHER, i, cores));
      }
      for (int i = 1; i <= students; i++) {
        specs.add(
            new WorkerProcesses.Spec(
                WorkerRole.STUDENT,
                i,
                threadsPerWorker > 0
                    ? threadsPerWorker
                    : Math.max(1, cores / Math.max(1, students))));
      }
      for (int i = 1; i <= pruners; i++) {
        specs.add(
            new WorkerProcesses.Spec(
                WorkerRole.PRUNER,
                i,
                threadsPerWorker > 0 ? threadsPerWorker : Math.max(1, cores / pruners)));
      }
      return specs;
    }
  }

  private final Optional<EmbeddedKafkaBroker> ownBroker;
  private Optional<EmbeddedKafkaCluster> ownCluster = Optional.empty();
  private final String bootstrapServers;
  private final Orchestrator orchestrator;
  private final WorkerProcesses workers;

  private EmbeddedSystem(
      Optional<EmbeddedKafkaBroker> ownBroker,
      String bootstrapServers,
      Orchestrator orchestrator,
      WorkerProcesses workers) {
    this.ownBroker = ownBroker;
    this.bootstrapServers = bootstrapServers;
    this.orchestrator = orchestrator;
    this.workers = workers;
  }

  /** Starts an embedded broker on {@code kafkaDir} (port 0: any free one) and the system on it. */
  public static EmbeddedSystem start(
      Config config,
      Path kafkaDir,
      int kafkaPort,
      int httpPort,
      Path reportsDir,
      WorkerCounts counts,
      Path logDir)
      throws Exception {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(kafkaDir, kafkaPort, Map.of());
    try {
      return start(
          Optional.of(broker),
          broker.bootstrapServers(),
          Optional.empty(),
          Map.of(),
          config,
          httpPort,
          reportsDir,
          counts,
          logDir);
    } catch (Exception | Error e) {
      broker.close();
      throw e;
    }
  }

  /**
   * Like {@link #start}, with the broker secured ({@link EmbeddedKafkaBroker#startSecure}): topics
   * and ACLs ({@link TopicAcls}) are set up as admin, the orchestrator connects as {@code
   * orchestrator} and every worker as {@code worker}, from the credential files beside the Kafka
   * folder (workers get the path in NETSHRINK_KAFKA_CLIENT_PROPERTIES, never a password on their
   * command line).
   */
  public static EmbeddedSystem startSecure(
      Config config,
      Path kafkaDir,
      int kafkaPort,
      int httpPort,
      Path reportsDir,
      WorkerCounts counts,
      Path logDir)
      throws Exception {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startSecure(kafkaDir, kafkaPort);
    try {
      BrokerCredentials users = broker.credentials().orElseThrow();
      Topics topics = Topics.from(config);
      KafkaSettings admin = as(users, BrokerCredentials.ADMIN, broker.bootstrapServers());
      Orchestrator.provisionTopics(admin, topics);
      try (Admin client = Admin.create(admin.admin())) {
        TopicAcls.grant(client, topics);
      }
      return start(
          Optional.of(broker),
          broker.bootstrapServers(),
          Optional.of(as(users, BrokerCredentials.ORCHESTRATOR, broker.bootstrapServers())),
          Map.of(
              "NETSHRINK_KAFKA_CLIENT_PROPERTIES",
              users.clientProperties(BrokerCredentials.WORKER).toString()),
          config,
          httpPort,
          reportsDir,
          counts,
          logDir);
    } catch (Exception | Error e) {
      broker.close();
      throw e;
    }
  }

  private static KafkaSettings as(BrokerCredentials users, String user, String bootstrap) {
    Map<String, Object> client = new HashMap<>();
    users.client(user).forEach((k, v) -> client.put((String) k, v));
    return new KafkaSettings(bootstrap, client);
  }

  /** The users of the broker this system owns, when it is secured. */
  public Optional<BrokerCredentials> credentials() {
    return ownBroker.flatMap(EmbeddedKafkaBroker::credentials);
  }

  /**
   * Starts a cluster of {@code brokers} embedded Kafka nodes on {@code kafkaDir} (replication 3,
   * two in sync: {@link EmbeddedKafkaCluster}) and the system on it; closing it stops the cluster.
   */
  public static EmbeddedSystem startCluster(
      Config config,
      Path kafkaDir,
      int brokers,
      int firstKafkaPort,
      int httpPort,
      Path reportsDir,
      WorkerCounts counts,
      Path logDir)
      throws Exception {
    EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(kafkaDir, brokers, firstKafkaPort);
    try {
      EmbeddedSystem system =
          startOn(cluster.bootstrapServers(), config, httpPort, reportsDir, counts, logDir);
      system.ownCluster = Optional.of(cluster);
      return system;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** The cluster this system owns, when it was started with several brokers. */
  public Optional<EmbeddedKafkaCluster> cluster() {
    return ownCluster;
  }

  /** Starts the system against brokers it does not own: closing it leaves them running. */
  public static EmbeddedSystem startOn(
      String bootstrapServers,
      Config config,
      int httpPort,
      Path reportsDir,
      WorkerCounts counts,
      Path logDir)
      throws Exception {
    return start(
        Optional.empty(),
        bootstrapServers,
        Optional.empty(),
        Map.of(),
        config,
        httpPort,
        reportsDir,
        counts,
        logDir);
  }

  /**
   * {@code orchestratorKafka}: how the orchestrator connects (default: the configuration's client
   * settings against {@code bootstrap}); {@code workerEnvironment}: set for every worker.
   */
  private static EmbeddedSystem start(
      Optional<EmbeddedKafkaBroker> broker,
      String bootstrap,
      Optional<KafkaSettings> orchestratorKafka,
      Map<String, String> workerEnvironment,
      Config config,
      int httpPort,
      Path reportsDir,
      WorkerCounts counts,
      Path logDir)
      throws Exception {
    OrchestratorSettings base = OrchestratorSettings.from(config);
    OrchestratorSettings settings =
        base.withKafka(orchestratorKafka.orElse(base.kafka().withBootstrapServers(bootstrap)))
            .withHttpPort(httpPort)
            .withReportsDir(reportsDir);
    Orchestrator orchestrator =
        Orchestrator.start(settings, new ZipDownloads(settings.kafka(), settings.topics()));
    try {
      return new EmbeddedSystem(
          broker,
          bootstrap,
          orchestrator,
          WorkerProcesses.start(counts.specs(), bootstrap, logDir, workerEnvironment));
    } catch (Exception | Error e) {
      orchestrator.close();
      throw e;
    }
  }

  public String apiUrl() {
    return "http://127.0.0.1:" + orchestrator.httpPort();
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * Stops a local worker with SIGTERM (it hands its job back), or SIGKILL when {@code forcibly}.
   */
  public void stopWorker(String workerId, boolean forcibly) throws InterruptedException {
    workers.stop(workerId, forcibly);
  }

  /** The process id of a local worker. */
  public long workerPid(String workerId) {
    return workers.pid(workerId);
  }

  @Override
  public void close() {
    workers.close();
    orchestrator.close();
    ownBroker.ifPresent(EmbeddedKafkaBroker::close);
    ownCluster.ifPresent(EmbeddedKafkaCluster::close);
  }
}
