package dev.netshrink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.protocol.view.CampaignStatus;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.EpochView;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialView;
import dev.netshrink.protocol.worker.WorkerRole;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressLinesTest {

  private static final long S = 1_000_000_000L;

  @Test
  void estimatesFromTheProgressSeenAndTheFinishedSiblings() {
    ProgressLines lines = new ProgressLines(0);
    Map<WorkerRole, Integer> workers = Map.of(WorkerRole.STUDENT, 1, WorkerRole.PRUNER, 1);

    lines.render(view(0.2), workers, 10 * S); // first seen running at 20%
    List<String> later = lines.render(view(0.6), workers, 14 * S);

    // 40 points in 4 s: the last 40 in 4 s more; one more student (as long as the finished one,
    // 10 s) on the one worker; the pruner's slice has nothing to learn from yet
    assertThat(later.get(0))
        .isEqualTo("campaign c: 2/5 jobs done, 1 running, 1 queued, 1 waiting · 14s · ETA >14s");
    assertThat(later.get(3))
        .startsWith("  kd-a0.9-t4       running    60% ep 2 loss 0.500 acc 0.810 ETA 4s @s-1");
    assertThat(later.get(4)).isEqualTo("  ce-baseline      queued    for a student worker");
    assertThat(later.get(5))
        .isEqualTo("  prune x1         waiting   0/1 slices, 0 points measured");
  }

  @Test
  void aFinishedCampaignSaysHowItEnded() {
    CampaignView done =
        new CampaignView(
            "c",
            "n",
            CampaignStatus.SUCCEEDED,
            0,
            List.of(trial("teacher", "teacher", TrialStatus.SUCCEEDED, 1.0, 30.0)),
            List.of(),
            "/r",
            null);

    assertThat(new ProgressLines(0).render(done, Map.of(), 75 * S))
        .containsExactly(
            "campaign c: 1/1 jobs done, 0 running, 0 queued, 0 waiting · 1m15s · succeeded",
            "  teacher          succeeded acc 0.9000 in 30s");
  }

  @Test
  void clockReadsLikeAPersonWould() {
    assertThat(ProgressLines.clock(Duration.ofSeconds(42))).isEqualTo("42s");
    assertThat(ProgressLines.clock(Duration.ofSeconds(185))).isEqualTo("3m05s");
    assertThat(ProgressLines.clock(Duration.ofMinutes(62))).isEqualTo("1h02m");
  }

  private static CampaignView view(double progress) {
    TrialView running = trial("kd-a0.9-t4", "student", TrialStatus.RUNNING, progress, null);
    running =
        new TrialView(
            running.trialId(),
            running.name(),
            running.kind(),
            0.9,
            4.0,
            running.state(),
            1,
            "s-1",
            List.of(new EpochView(2, 0.3, 0.2, 0.5, 0.81, 1000.0)),
            progress,
            "training",
            null,
            null,
            null,
            null,
            null);
    return new CampaignView(
        "c",
        "n",
        CampaignStatus.RUNNING,
        0,
        List.of(
            trial("teacher", "teacher", TrialStatus.SUCCEEDED, 1.0, 30.0),
            trial("kd-a0.5-t4", "student", TrialStatus.SUCCEEDED, 1.0, 10.0),
            running,
            trial("ce-baseline", "student", TrialStatus.QUEUED, 0.0, null),
            trial("prune-student-l2-structured", "prune", TrialStatus.WAITING, 0.0, null)),
        List.of(),
        null,
        null);
  }

  private static TrialView trial(
      String name, String kind, TrialStatus state, double progress, Double seconds) {
    return new TrialView(
        "c/" + name,
        name,
        kind,
        null,
        null,
        state,
        1,
        null,
        List.of(),
        progress,
        null,
        state == TrialStatus.SUCCEEDED ? 0.9 : null,
        null,
        seconds,
        null,
        null);
  }
}
