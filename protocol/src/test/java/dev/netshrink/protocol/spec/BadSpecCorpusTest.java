package dev.netshrink.protocol.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The specs a probe of the API got accepted or crashed with, and other ways to get a spec wrong:
 * each file in {@code src/test/resources/bad-specs} starts with {@code # expect: MESSAGE}, and
 * loading it must be refused with an error that says that (the field and the reason).
 */
class BadSpecCorpusTest {

  private static final Path CORPUS = Path.of("src/test/resources/bad-specs");
  private static final String EXPECT = "# expect: ";

  static List<Path> corpus() throws IOException {
    try (Stream<Path> files = Files.list(CORPUS)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void isRefusedNamingTheFieldAndTheReason(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(text).as("first line of %s", file).startsWith(EXPECT);
    String expected = text.substring(EXPECT.length(), text.indexOf('\n'));

    InvalidSpecException refused =
        catchThrowableOfType(InvalidSpecException.class, () -> SpecValidator.load(text, false));

    assertThat(refused).as("%s was accepted", file.getFileName()).isNotNull();
    assertThat(refused.errors())
        .extracting(SpecError::toString)
        .anyMatch(e -> e.contains(expected));
  }
}
