package dev.netshrink.orchestrator.http;

import dev.netshrink.protocol.view.CampaignView;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Turns one of a campaign's models into an archive to download ({@code GET
 * /api/campaigns/{id}/models/{model}}). The orchestrator has no model classes (no DJL): the process
 * that runs it supplies them when it can ({@code local}'s exporter), and {@link #NONE} says the
 * route is not served here.
 */
@FunctionalInterface
public interface ModelDownloads {

  /** A download: a zip of the exported folder, or why there is none. */
  sealed interface Download {

    /** {@code zip}: the folder `netshrink export` writes, as a zip named {@code fileName}. */
    record Archive(String fileName, byte[] zip) implements Download {}

    /** No archive, with the HTTP status that says why (404 unknown model, 409, 503...). */
    record Refused(int status, String reason) implements Download {}
  }

  /** No model classes in this process: every download is refused with 501. */
  ModelDownloads NONE =
      (campaign, model) ->
          CompletableFuture.completedFuture(
              new Download.Refused(
                  501,
                  "this orchestrator runs without the model classes; export with `netshrink export "
                      + campaign.campaignId()
                      + " "
                      + model
                      + " --out DIR`"));

  /** Exports {@code model} of {@code campaign} off the caller's thread (it reads Kafka). */
  CompletionStage<Download> fetch(CampaignView campaign, String model);
}
