package dev.netshrink.local;

import dev.netshrink.protocol.worker.WorkerRole;
import dev.netshrink.workers.runtime.WorkerMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts local workers as child JVMs running {@link WorkerMain}. One JVM per worker because DJL's
 * PyTorch engine allows only one gradient collector per process (a second concurrent training
 * throws), and because each worker then sizes its own native threads and can crash or be killed
 * without taking the others down.
 */
public final class WorkerProcesses implements AutoCloseable {

  /** One local worker to start: its role and how many native threads it may use. */
  public record Spec(WorkerRole role, int index, int threads) {
    public String workerId() {
      return "local-" + role.wireName() + "-" + index;
    }
  }

  private final Map<String, Process> processes = new LinkedHashMap<>();

  public static WorkerProcesses start(List<Spec> specs, String bootstrap, Path logDir)
      throws IOException {
    return start(specs, bootstrap, logDir, Map.of());
  }

  /** {@code environment}: set for every worker, e.g. where its Kafka credentials are. */
  public static WorkerProcesses start(
      List<Spec> specs, String bootstrap, Path logDir, Map<String, String> environment)
      throws IOException {
    Files.createDirectories(logDir);
    WorkerProcesses all = new WorkerProcesses();
    try {
      for (Spec spec : specs) {
        all.processes.put(spec.workerId(), launch(spec, bootstrap, logDir, environment));
      }
    } catch (IOException | RuntimeException e) {
      all.close();
      throw e;
    }
    return all;
  }

  private static Process launch(
      Spec spec, String bootstrap, Path logDir, Map<String, String> environment)
      throws IOException {
    return launch(
        logDir.resolve(spec.workerId() + ".log"),
        List.of(
            "-Xmx" + (spec.role() == WorkerRole.STUDENT ? "1g" : "2g"),
            "-Dai.djl.pytorch.num_threads=" + spec.threads()),
        environment,
        WorkerMain.class,
        List.of(
            "--role", spec.role().wireName(), "--bootstrap", bootstrap, "--id", spec.workerId()));
  }

  /**
   * Starts {@code mainClass ARGS --parent-pid PID} in a child JVM with this JVM's class path,
   * {@code environment} and libtorch's environment added to this process's, its output in {@code
   * log}; the child leaves when this process ends.
   */
  public static Process launch(
      Path log,
      List<String> jvmOptions,
      Map<String, String> environment,
      Class<?> mainClass,
      List<String> args)
      throws IOException {
    return launch(List.of(), log, jvmOptions, environment, mainClass, args);
  }

  /**
   * As {@link #launch(Path, List, Map, Class, List)}, the JVM's command line after {@code wrapper}
   * (e.g. {@code ip netns exec HOST}, which runs it inside another network namespace and execs it:
   * the process is still the JVM).
   */
  public static Process launch(
      List<String> wrapper,
      Path log,
      List<String> jvmOptions,
      Map<String, String> environment,
      Class<?> mainClass,
      List<String> args)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(wrapper);
    command.addAll(
        List.of(
            java,
            "-XX:MaxDirectMemorySize=256m",
            "-XX:+UseSerialGC",
            "-Djava.awt.headless=true",
            "-Dai.djl.offline=true",
            "-Dai.djl.pytorch.num_interop_threads=1",
            "-DNETSHRINK_LOG=" + log.toAbsolutePath()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
    command.addAll(args);
    command.addAll(List.of("--parent-pid", String.valueOf(ProcessHandle.current().pid())));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    NativeEnvironment.applyDefaults(builder.environment());
    return builder
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  /**
   * Stops one worker: {@code forcibly} is SIGKILL, no goodbye (a crashed machine); otherwise
   * SIGTERM, on which the worker hands its job back and leaves.
   */
  public void stop(String workerId, boolean forcibly) throws InterruptedException {
    Process p = processes.get(workerId);
    if (p == null) {
      throw new IllegalArgumentException("no local worker " + workerId);
    }
    (forcibly ? p.destroyForcibly() : p).destroy();
    p.waitFor();
  }

  /** The process id of a local worker, for signals (e.g. SIGSTOP, as a host stall would). */
  public long pid(String workerId) {
    Process p = processes.get(workerId);
    if (p == null) {
      throw new IllegalArgumentException("no local worker " + workerId);
    }
    return p.pid();
  }

  /** Asks every worker to leave (SIGTERM: they hand back their jobs), then makes sure. */
  @Override
  public void close() {
    stopAll(processes.values());
  }

  /** SIGTERM to each, then SIGKILL to any still running 20 s later. */
  public static void stopAll(java.util.Collection<Process> all) {
    all.forEach(Process::destroy);
    for (Process p : all) {
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
