package dev.netshrink.local.export;

import dev.netshrink.orchestrator.http.ModelDownloads;
import dev.netshrink.protocol.kafka.KafkaSettings;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.workers.export.ModelExport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The orchestrator's model downloads in a process that has the model classes: {@link ModelExporter}
 * writes the folder into a temporary directory, which is zipped (in memory: a ResNet-18 is about 90
 * MB) and deleted. One export at a time, on a thread of its own: each holds its model twice in
 * memory while it runs.
 */
public final class ZipDownloads implements ModelDownloads {

  private final ModelExporter exporter;
  private final ExecutorService exports =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "netshrink-model-export");
            t.setDaemon(true);
            return t;
          });

  public ZipDownloads(KafkaSettings kafka, Topics topics) {
    this.exporter = new ModelExporter(kafka, topics);
  }

  @Override
  public CompletionStage<Download> fetch(CampaignView campaign, String model) {
    return CompletableFuture.supplyAsync(() -> archive(campaign, model), exports);
  }

  private Download archive(CampaignView campaign, String model) {
    Path tmp = null;
    try {
      tmp = Files.createTempDirectory("netshrink-download");
      Path folder = tmp.resolve("model");
      ModelExporter.Outcome outcome = exporter.export(campaign, model, folder, false);
      if (outcome instanceof ModelExporter.Outcome.Refused refused) {
        return new Download.Refused(refused.unknown() ? 404 : 409, refused.reason());
      }
      return new Download.Archive(
          campaign.campaignId() + "-" + model.replace('/', '_') + ".zip", zip(folder));
    } catch (Exception e) {
      return new Download.Refused(503, "the export failed: " + e.getMessage());
    } finally {
      if (tmp != null) {
        delete(tmp);
      }
    }
  }

  /** Every file under {@code folder}, by its path relative to it. */
  private static byte[] zip(Path folder) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes);
        Stream<Path> walk = Files.walk(folder)) {
      List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
      for (Path file : files) {
        out.putNextEntry(new ZipEntry(folder.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, out);
        out.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static void delete(Path tmp) {
    try {
      ModelExport.deleteTree(tmp);
    } catch (IOException | UncheckedIOException e) {
      // a temporary folder left behind is not worth failing a download that was sent
    }
  }
}
