package dev.netshrink.cli;

import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialView;
import dev.netshrink.protocol.view.WorkerView;
import dev.netshrink.protocol.worker.WorkerRole;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Queued jobs whose role has no live worker: a campaign that waits for ever without saying why is
 * the worst thing a follower can show (with no pruner, `submit --follow` sat at 100%).
 */
final class MissingWorkers {

  private MissingWorkers() {}

  /** For each role with queued trials and no live worker: how many trials wait for it. */
  static Map<WorkerRole, Integer> of(CampaignView campaign, List<WorkerView> workers) {
    Map<WorkerRole, Integer> waiting = new EnumMap<>(WorkerRole.class);
    for (TrialView t : campaign.trials()) {
      if (t.state() == TrialStatus.QUEUED) {
        waiting.merge(t.role(), 1, Integer::sum);
      }
    }
    workers.forEach(w -> waiting.remove(WorkerRole.fromWireName(w.role())));
    return waiting;
  }

  /** One line per role, with the command that starts a worker of it. */
  static List<String> lines(Map<WorkerRole, Integer> missing) {
    List<String> lines = new ArrayList<>();
    missing.forEach(
        (role, trials) ->
            lines.add(
                String.format(
                    Locale.ROOT,
                    "waiting: no %s worker is alive for %d queued job%s; start one with"
                        + " `./netshrink worker --role %s`",
                    role.wireName(),
                    trials,
                    trials == 1 ? "" : "s",
                    role.wireName())));
    return lines;
  }
}
