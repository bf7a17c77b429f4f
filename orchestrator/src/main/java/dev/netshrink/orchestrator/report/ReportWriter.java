package dev.netshrink.orchestrator.report;

import dev.netshrink.protocol.view.CampaignView;
import java.nio.file.Path;

/** Writes a finished campaign's results somewhere a user can open them; returns the folder. */
@FunctionalInterface
public interface ReportWriter {

  Path write(CampaignView campaign);
}
