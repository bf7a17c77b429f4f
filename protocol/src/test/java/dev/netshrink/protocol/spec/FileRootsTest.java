package dev.netshrink.protocol.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files a spec may name: by path at submission, by real path where they are opened. */
class FileRootsTest {

  @TempDir Path tmp;

  @Test
  void theDefaultsAreTheDatasetFoldersAndTheWorkingFolder() {
    FileRoots roots = FileRoots.from(ConfigFactory.load());

    assertThat(roots.roots())
        .contains(
            Path.of("/usr/share/datasets"),
            Path.of("/data"),
            Path.of(System.getProperty("user.dir")));
    assertThat(roots.refusal("/usr/share/datasets/fashion-mnist")).isEmpty();
    assertThat(roots.refusal("relative/inside/the/working/folder")).isEmpty();
  }

  @Test
  void dotDotThatLeavesARootAndASiblingWithTheSamePrefixAreRefused() {
    FileRoots roots = new FileRoots(List.of(tmp.resolve("data")));

    assertThat(roots.refusal(tmp.resolve("data/../secret").toString()))
        .hasValueSatisfying(r -> assertThat(r).startsWith(tmp.resolve("secret") + " is outside"));
    assertThat(roots.refusal(tmp.resolve("database/x").toString())).isPresent();
    assertThat(roots.refusal(tmp.resolve("data/sub/../x").toString())).isEmpty();
  }

  @Test
  void aLinkInsideARootThatLeadsOutIsRefusedWhereTheFileIsOpened() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    Path secret = Files.writeString(tmp.resolve("secret.pt"), "not yours");
    Path link = Files.createSymbolicLink(data.resolve("teacher.pt"), secret);
    Path inside = Files.writeString(data.resolve("own.pt"), "yours");
    FileRoots roots = new FileRoots(List.of(data));

    assertThat(roots.refusal(link.toString())).as("by name it is inside").isEmpty();
    assertThatThrownBy(() -> roots.confine("teacher.checkpoint", link.toString()))
        .isInstanceOf(FileRoots.RefusedPath.class)
        .hasMessage(
            "teacher.checkpoint: "
                + link
                + " leads to "
                + secret.toRealPath()
                + ", outside the folders specs may read: "
                + data
                + " (netshrink.spec.file-roots; add one with NETSHRINK_FILE_ROOT)");
    assertThat(roots.confine("teacher.checkpoint", inside.toString()))
        .isEqualTo(inside.toRealPath());
    assertThatThrownBy(() -> roots.confine("dataset.path", data.resolve("missing").toString()))
        .hasMessage("dataset.path: " + data.resolve("missing") + " does not exist");
  }

  @Test
  void theValidatorNamesTheFieldAndDoesNotSayWhetherARefusedFileExists() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    Path secret = Files.writeString(tmp.resolve("secret.pt"), "not yours");
    Files.createSymbolicLink(data.resolve("teacher.pt"), secret);
    CampaignSpec spec =
        SpecDefaults.resolve(
            SpecParser.parse(
                    "name: t\nteacher: {epochs: 0, checkpoint: " + data.resolve("teacher.pt") + "}")
                .spec());

    List<SpecError> errors =
        SpecValidator.validate(
            spec, true, SpecLimits.configured(), new FileRoots(List.of(data, Path.of("/usr"))));

    assertThat(errors)
        .filteredOn(e -> e.field().equals("teacher.checkpoint"))
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).contains("leads to " + secret.toRealPath()));
  }
}
