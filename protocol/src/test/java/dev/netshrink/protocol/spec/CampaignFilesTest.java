package dev.netshrink.protocol.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The campaign files the README points newcomers to are valid specs. */
class CampaignFilesTest {

  static List<Path> campaigns() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("../campaigns"))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("campaigns")
  void loads(Path file) throws IOException {
    CampaignSpec spec = SpecValidator.load(Files.readString(file, StandardCharsets.UTF_8), false);

    assertThat(spec.name()).isNotBlank();
  }

  @Test
  void theSearchCampaignDrawsAtRandomAndStopsWithAsha() throws IOException {
    CampaignSpec spec =
        SpecValidator.load(
            Files.readString(Path.of("../campaigns/fashion-search.yaml"), StandardCharsets.UTF_8),
            false);

    assertThat(spec.search().strategy()).isEqualTo(SearchStrategy.RANDOM);
    assertThat(spec.search().trials()).isEqualTo(16);
    assertThat(spec.search().stopping().rule()).isEqualTo(StoppingRule.ASHA);
    assertThat(spec.search().stopping().rungs(spec.student().epochs())).containsExactly(1, 2);
  }
}
