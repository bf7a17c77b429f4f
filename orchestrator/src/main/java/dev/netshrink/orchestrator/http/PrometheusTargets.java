package dev.netshrink.orchestrator.http;

import dev.netshrink.protocol.view.WorkerView;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The live workers as Prometheus HTTP service discovery targets: a worker that joins is scraped at
 * the next refresh, one that leaves is dropped, with no configuration edited.
 */
final class PrometheusTargets {

  /** One target group, in the JSON shape of Prometheus' http_sd. */
  record TargetGroup(List<String> targets, Map<String, String> labels) {}

  private PrometheusTargets() {}

  static List<TargetGroup> of(List<WorkerView> workers) {
    return workers.stream()
        .filter(w -> w.metricsUrl() != null)
        .map(
            w -> {
              URI url = URI.create(w.metricsUrl());
              return new TargetGroup(
                  List.of(url.getHost() + ":" + url.getPort()),
                  Map.of(
                      "__metrics_path__",
                      url.getPath(),
                      "__scheme__",
                      url.getScheme(),
                      "worker",
                      w.workerId(),
                      "role",
                      w.role()));
            })
        .toList();
  }
}
