package dev.netshrink.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netshrink.protocol.spec.CampaignSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The homework's own loop in Debian's PyTorch ({@code bench/sweep_reference.py}): the spec's
 * teacher, then its trials one after another with the teacher's forward pass in every step,
 * channels-last on every core. Returns the script's own wall time, so Python's start-up is not
 * counted against it.
 */
final class PyTorchSweep {

  private PyTorchSweep() {}

  /** The script, from the repository root (`./netshrink bench`) or from this module (its tests). */
  private static Path script() {
    Path fromRoot = Path.of("bench", "sweep_reference.py");
    return Files.exists(fromRoot) ? fromRoot : Path.of("sweep_reference.py");
  }

  /** The reference's wall seconds for {@code spec}'s sweep (every alpha x T, then the baseline). */
  static double wallSeconds(CampaignSpec spec, int threads)
      throws IOException, InterruptedException {
    List<String> pairs = new ArrayList<>();
    for (double alpha : spec.distillation().alphas()) {
      for (double temperature : spec.distillation().temperatures()) {
        pairs.add(String.format(Locale.ROOT, "%s:%s", alpha, temperature));
      }
    }
    if (Boolean.TRUE.equals(spec.distillation().baseline())) {
      pairs.add("0:1");
    }
    Process process =
        new ProcessBuilder(
                "/usr/bin/python3",
                script().toString(),
                "--images",
                String.valueOf(spec.dataset().trainLimitOrAll()),
                "--test-images",
                String.valueOf(spec.dataset().testLimitOrAll()),
                "--epochs",
                String.valueOf(spec.student().epochs()),
                "--teacher-epochs",
                String.valueOf(spec.teacher().epochs()),
                "--batch",
                String.valueOf(spec.student().batchSize()),
                "--threads",
                String.valueOf(threads),
                "--trials",
                String.join(",", pairs))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("bench/sweep_reference.py failed: " + out);
    }
    String json = out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow();
    JsonNode result = new ObjectMapper().readTree(json);
    System.err.println("PyTorch reference: " + json);
    return result.get("wall_seconds").asDouble();
  }
}
