package dev.netshrink.workers.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netshrink.protocol.spec.DatasetSpec;
import dev.netshrink.protocol.spec.FileRoots;
import dev.netshrink.protocol.spec.SpecDefaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker opens a spec's folder only under its own roots, links resolved: a spec that passed the
 * orchestrator's check (another machine, another configuration) is still refused here.
 */
class DatasetCacheConfinementTest {

  @TempDir Path tmp;

  @Test
  void aLinkToTheRealDatasetFromInsideARootIsRefusedAndTheDatasetReadDirectlyIsNot()
      throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Path link =
        Files.createSymbolicLink(root.resolve("fashion"), Path.of(SpecDefaults.DEFAULT_DATA_PATH));
    DatasetSpec throughLink =
        new DatasetSpec(DatasetSpec.FASHION_MNIST, link.toString(), 10, 10, false);

    assertThatThrownBy(() -> new DatasetCache(new FileRoots(List.of(root))).train(throughLink))
        .isInstanceOf(FileRoots.RefusedPath.class)
        .hasMessageStartingWith("dataset.path: " + link + " leads to ");

    DatasetSpec direct =
        new DatasetSpec(DatasetSpec.FASHION_MNIST, SpecDefaults.DEFAULT_DATA_PATH, 10, 10, false);
    DatasetCache allowed =
        new DatasetCache(new FileRoots(List.of(Path.of(SpecDefaults.DEFAULT_DATA_PATH))));
    assertThat(allowed.train(direct).count()).isEqualTo(10);
  }
}
