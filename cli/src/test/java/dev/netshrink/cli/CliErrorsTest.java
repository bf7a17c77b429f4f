package dev.netshrink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.netshrink.local.EmbeddedSystem;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees when the system is not there, or has no such campaign, or lacks a worker. */
class CliErrorsTest {

  @TempDir Path dir;

  @Test
  void statusWithNoSystemUpIsOneLineWithWhatToDoAndExitCode3() throws Exception {
    String api = "http://127.0.0.1:" + freePort();

    Run r = run("status", "--api", api);

    assertThat(r.exitCode).isEqualTo(3);
    assertThat(r.stderr.strip().lines())
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .startsWith("netshrink status: cannot reach the orchestrator at " + api)
                    .contains("./netshrink up"));
  }

  @Test
  void aClusterOfTwoOrASecuredClusterIsRefusedBeforeAnythingStarts() {
    Run two = run("up", "--brokers", "2", "--kafka-dir", dir.resolve("k").toString());
    assertThat(two.exitCode).isEqualTo(2);
    assertThat(two.stderr.strip())
        .isEqualTo(
            "netshrink up: --brokers must be 1, or 3 or more (a quorum of 2 survives no"
                + " failure), got 2");

    Run secured = run("up", "--brokers", "3", "--secure");
    assertThat(secured.exitCode).isEqualTo(2);
    assertThat(secured.stderr).contains("--secure runs one broker");
    assertThat(dir.resolve("k")).doesNotExist();
  }

  @Test
  void verboseAddsTheStackTrace() throws Exception {
    Run r = run("status", "--api", "http://127.0.0.1:" + freePort(), "--verbose");

    assertThat(r.exitCode).isEqualTo(3);
    assertThat(r.stderr).contains("UnreachableException").contains("\tat ");
  }

  @Test
  void submitWithNoSystemUpExitsWith3AndNoStackTrace() throws Exception {
    Path spec = Files.writeString(dir.resolve("ok.yaml"), "name: nobody-home\n");

    Run r = run("submit", spec.toString(), "--api", "http://127.0.0.1:" + freePort());

    assertThat(r.exitCode).isEqualTo(3);
    assertThat(r.stderr).contains("cannot reach the orchestrator").doesNotContain("\tat ");
  }

  @Test
  void aSystemWithoutWorkersSaysWhatIsMissingAndAnUnknownCampaignExits4() throws Exception {
    try (EmbeddedSystem system =
        EmbeddedSystem.start(
            ConfigFactory.load(),
            dir.resolve("kafka"),
            0,
            0,
            dir.resolve("reports"),
            new EmbeddedSystem.WorkerCounts(0, 0, 0),
            dir.resolve("logs"))) {
      Run unknown = run("status", "no-such-campaign", "--api", system.apiUrl());
      assertThat(unknown.exitCode).isEqualTo(4);
      assertThat(unknown.stderr.strip())
          .isEqualTo(
              "netshrink status: the orchestrator at "
                  + system.apiUrl()
                  + "/ has no campaign no-such-campaign; `netshrink status` lists the campaigns"
                  + " it has");

      ApiClient api = new ApiClient(system.apiUrl());
      String id = api.submit("name: no-workers\n");
      String waiting =
          "waiting: no teacher worker is alive for 1 queued job; start one with"
              + " `./netshrink worker --role teacher`";
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      Run status;
      do {
        Thread.sleep(200);
        status = run("status", id, "--api", system.apiUrl());
      } while (!status.stdout.contains(waiting) && System.nanoTime() < deadline);
      assertThat(status.exitCode).isZero();
      assertThat(status.stdout).contains(waiting);

      // the follower says it once the role has been missing for its bound, and keeps following
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      CampaignFollower follower =
          new CampaignFollower(
              api,
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8),
              Duration.ofMinutes(1),
              Duration.ofMillis(500));
      Thread following =
          new Thread(
              () -> {
                try {
                  follower.follow(id);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      following.start();
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!err.toString(StandardCharsets.UTF_8).contains(waiting)
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(following.isAlive()).as("still following").isTrue();
      following.interrupt();
      following.join(5_000);
      assertThat(err.toString(StandardCharsets.UTF_8).lines().filter(waiting::equals)).hasSize(1);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private record Run(int exitCode, String stdout, String stderr) {}

  private static Run run(String... args) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Netshrink.commandLine().execute(args);
      return new Run(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }
}
