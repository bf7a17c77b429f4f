package dev.netshrink.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NativeEnvironmentTest {

  @Test
  void theLauncherScriptExportsTheSameValuesAsWorkerProcessesGet() throws Exception {
    String script = Files.readString(Path.of("..", "netshrink"));

    NativeEnvironment.VARIABLES.forEach(
        (name, value) ->
            assertThat(script).contains("export " + name + "=\"${" + name + ":-" + value + "}\""));
  }

  @Test
  void aValueTheUserSetWins() {
    Map<String, String> environment = new HashMap<>(Map.of("OMP_WAIT_POLICY", "ACTIVE"));

    NativeEnvironment.applyDefaults(environment);

    assertThat(environment)
        .containsEntry("OMP_WAIT_POLICY", "ACTIVE")
        .containsEntry("MALLOC_MMAP_THRESHOLD_", "268435456");
  }
}
