package dev.netshrink.cli;

import dev.netshrink.local.WorkerProcesses;
import dev.netshrink.protocol.worker.WorkerRole;
import dev.netshrink.workers.runtime.WorkerMain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A netshrink deployment over hosts of their own ({@link NetworkHosts}): three Kafka nodes on
 * kafka-1..3, the orchestrator on orchestrator-1 (a standby may start on orchestrator-2), the
 * teacher worker on teacher, the pruner worker on pruner, and one student worker per host
 * student-1..N. Every process talks to the others through the hosts' addresses; the heartbeat
 * timeout is 3 s instead of 10 unless a test says.
 */
final class NamespaceSite implements AutoCloseable {

  static final int API_PORT = 8088;
  static final List<String> KAFKA = List.of("kafka-1", "kafka-2", "kafka-3");

  private final Path dir;
  private final String heartbeatTimeout;
  private final NetworkHosts hosts;
  private final KafkaNodeProcesses kafka;
  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final Map<String, String> workerHosts = new LinkedHashMap<>();

  private NamespaceSite(
      Path dir, NetworkHosts hosts, KafkaNodeProcesses kafka, String heartbeatTimeout) {
    this.heartbeatTimeout = heartbeatTimeout;
    this.dir = dir;
    this.hosts = hosts;
    this.kafka = kafka;
  }

  /** The hosts, the cluster, the orchestrator on orchestrator-1, a teacher and {@code students}. */
  static NamespaceSite start(Path dir, int students) throws Exception {
    return start(dir, students, "3s");
  }

  /** As {@link #start(Path, int)}, with the orchestrator's {@code heartbeatTimeout}. */
  static NamespaceSite start(Path dir, int students, String heartbeatTimeout) throws Exception {
    List<String> names = new ArrayList<>(KAFKA);
    names.addAll(List.of("orchestrator-1", "orchestrator-2", "teacher", "pruner"));
    for (int i = 1; i <= students; i++) {
      names.add("student-" + i);
    }
    java.nio.file.Files.createDirectories(dir.resolve("logs"));
    NetworkHosts hosts = new NetworkHosts(names);
    NamespaceSite site = null;
    try {
      site =
          new NamespaceSite(
              dir,
              hosts,
              new KafkaNodeProcesses(dir.resolve("kafka"), hosts, KAFKA),
              heartbeatTimeout);
      site.startOrchestrator("orchestrator-1");
      site.startWorker("teacher", WorkerRole.TEACHER, "teacher-1");
      site.startWorker("pruner", WorkerRole.PRUNER, "pruner-1");
      for (int i = 1; i <= students; i++) {
        site.startWorker("student-" + i, WorkerRole.STUDENT, "student-" + i);
      }
      return site;
    } catch (Exception | AssertionError e) {
      if (site != null) {
        site.close();
      } else {
        hosts.close();
      }
      throw e;
    }
  }

  NetworkHosts hosts() {
    return hosts;
  }

  KafkaNodeProcesses kafka() {
    return kafka;
  }

  String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  ApiClient api(String orchestratorHost) {
    return new ApiClient("http://" + hosts.address(orchestratorHost) + ":" + API_PORT);
  }

  /** The orchestrator process started on {@code host}. */
  Process orchestrator(String host) {
    return processes.get(host + "/orchestrator");
  }

  /** Where the orchestrator on {@code host} writes its output. */
  Path log(String host) {
    return dir.resolve(host + ".log");
  }

  /** The host a worker runs on. */
  String hostOf(String workerId) {
    return workerHosts.get(workerId);
  }

  /** An orchestrator on {@code host}, its API on the host's address. */
  Process startOrchestrator(String host) throws Exception {
    Process p =
        WorkerProcesses.launch(
            hosts.on(host),
            log(host),
            List.of("-Xmx512m", "-Dnetshrink.orchestrator.heartbeat-timeout=" + heartbeatTimeout),
            Map.of(
                "NETSHRINK_BOOTSTRAP",
                bootstrapServers(),
                "NETSHRINK_API_HOST",
                hosts.address(host)),
            Netshrink.class,
            List.of(
                "orchestrator",
                "--port",
                String.valueOf(API_PORT),
                "--reports",
                dir.resolve("reports").toString()));
    processes.put(host + "/orchestrator", p);
    return p;
  }

  private void startWorker(String host, WorkerRole role, String id) throws Exception {
    Process p =
        WorkerProcesses.launch(
            hosts.on(host),
            dir.resolve("logs").resolve(id + ".log"),
            List.of(
                "-Xmx" + (role == WorkerRole.STUDENT ? "1g" : "2g"),
                "-Dai.djl.pytorch.num_threads=1"),
            Map.of("NETSHRINK_METRICS_HOST", hosts.address(host)),
            WorkerMain.class,
            List.of("--role", role.wireName(), "--bootstrap", bootstrapServers(), "--id", id));
    processes.put(host + "/" + id, p);
    workerHosts.put(id, host);
  }

  @Override
  public void close() {
    // SIGTERM first: workers hand their jobs back, the orchestrator closes
    WorkerProcesses.stopAll(processes.values());
    try {
      kafka.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      hosts.close();
    }
  }
}
