package dev.netshrink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialView;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** What the fault tests wait for, through the orchestrator's API, and what they need to run. */
final class ClusterAwaits {

  private ClusterAwaits() {}

  /**
   * Fails unless this machine can build hosts as network namespaces (root, {@code ip netns}):
   * `./netshrink test` installs iproute2, and the suite runs as root in CI.
   */
  static void requireNamespaces() {
    assertThat(NetworkHosts.available())
        .as("root and `ip netns` (iproute2): hosts are network namespaces")
        .isTrue();
  }

  /** A student trial running with an epoch done and its checkpoint accepted, once there is one. */
  static TrialView awaitTrainingStudent(ApiClient api, String id) throws Exception {
    return awaitView(api, id, c -> c.trials().stream().skip(1).anyMatch(ClusterAwaits::isTraining))
        .trials()
        .stream()
        .skip(1)
        .filter(ClusterAwaits::isTraining)
        .findFirst()
        .orElseThrow();
  }

  /** Running, with an epoch done and its checkpoint accepted (where a retry resumes). */
  private static boolean isTraining(TrialView t) {
    return t.state() == TrialStatus.RUNNING
        && !t.epochs().isEmpty()
        && t.modelBytes() != null
        && t.workerId() != null;
  }

  /** Waits until the orchestrator knows campaign {@code id} and its view passes {@code test}. */
  static CampaignView awaitView(ApiClient api, String id, Predicate<CampaignView> test)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (true) {
      var view = api.findCampaign(id).filter(test);
      if (view.isPresent()) {
        return view.get();
      }
      assertThat(System.nanoTime()).as("campaign %s as awaited", id).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** Waits until {@code count} workers have joined (the orchestrator may still be starting). */
  static void awaitWorkers(ApiClient api, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      try {
        int joined = api.workers().size();
        if (joined >= count) {
          return;
        }
        last = joined + " workers";
      } catch (java.io.IOException starting) {
        last = starting.toString();
      }
      Thread.sleep(200);
    }
    throw new AssertionError("fewer than " + count + " workers joined (last: " + last + ")");
  }

  static void awaitFree(ApiClient api, String workerId) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (api.workers().stream()
        .noneMatch(w -> w.workerId().equals(workerId) && w.runningJobId() == null)) {
      assertThat(System.nanoTime()).as("%s free again", workerId).isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
