package dev.netshrink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.netshrink.local.EmbeddedSystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `netshrink follow` in a real pseudo-terminal (a tmux pane of 160 x 50) on a small real campaign:
 * the block is redrawn in place (each trial's line once on the screen, not once per update), shows
 * an ETA while trials run, keeps log lines off the screen, ends with every job done, then the
 * tables.
 */
class TerminalBlockTest {

  private static final String SPEC =
      """
      name: terminal
      dataset: {trainLimit: 600, testLimit: 200}
      teacher: {epochs: 1, batchSize: 64}
      student: {epochs: 3, batchSize: 64}
      distillation: {alphas: [0.5], temperatures: [4], baseline: true}
      pruning: {ratios: {from: 0.0, to: 0.5, step: 0.5}, models: [student]}
      """;

  @TempDir Path dir;

  @Test
  void followRedrawsOneBlockInPlaceWithEtasAndNoLogLines() throws Exception {
    String socket = "netshrink-test-" + ProcessHandle.current().pid();
    try (EmbeddedSystem system =
        EmbeddedSystem.start(
            ConfigFactory.load(),
            dir.resolve("kafka"),
            0,
            0,
            dir.resolve("reports"),
            new EmbeddedSystem.WorkerCounts(1, 1, 1),
            dir.resolve("logs"))) {
      String id = new ApiClient(system.apiUrl()).submit(SPEC);
      String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      String follow =
          String.join(
              " ",
              javaBin,
              "-Dlogback.configurationFile="
                  + Path.of("src/main/resources/logback.xml").toAbsolutePath(),
              "-cp",
              System.getProperty("java.class.path"),
              Netshrink.class.getName(),
              "follow",
              id,
              "--api",
              system.apiUrl());
      Path script =
          Files.writeString(
              dir.resolve("follow.sh"),
              "NETSHRINK_LOG="
                  + dir.resolve("follow.log")
                  + " "
                  + follow
                  + "\necho EXIT=$?\nsleep 600\n");
      tmux(socket, "new-session", "-d", "-x", "160", "-y", "50", "-s", "t", "sh " + script);
      List<String> screens = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      String screen = "";
      while (!screen.contains("EXIT=") && System.nanoTime() < deadline) {
        Thread.sleep(500);
        screen =
            tmux(socket, "capture-pane", "-p", "-S", "-500", "-t", "t")
                .lines()
                .map(String::stripTrailing)
                .collect(java.util.stream.Collectors.joining("\n"));
        screens.add(screen);
      }

      assertThat(screen).contains("EXIT=0").contains("Report: ");
      assertThat(screen.lines().filter(l -> l.startsWith("campaign " + id + ": ")))
          .as("the header, drawn over itself")
          .singleElement()
          .asString()
          .containsPattern(": (\\d+)/\\1 jobs done")
          .endsWith("succeeded");
      for (String trial : List.of("teacher", "kd-a0.5-t4", "ce-baseline")) {
        assertThat(screen.lines().filter(l -> l.startsWith("  " + trial + " ")))
            .as(trial + "'s line in the block")
            .singleElement()
            .asString()
            .contains("succeeded");
      }
      assertThat(screen.lines().filter(l -> l.startsWith("  prune x")))
          .singleElement()
          .asString()
          .contains("succeeded");
      assertThat(screens)
          .as("a running trial shows its ETA while it runs")
          .anySatisfy(s -> assertThat(s).containsPattern("  \\S+ +running .* ETA "));
      assertThat(screen).doesNotContain(" INFO ").doesNotContain(" WARN ");
    } finally {
      tmux(socket, "kill-server");
    }
  }

  private static String tmux(String socket, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return output;
  }
}
