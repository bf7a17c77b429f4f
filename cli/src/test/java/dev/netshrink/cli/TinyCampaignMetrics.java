package dev.netshrink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.EpochView;
import dev.netshrink.protocol.view.TrialView;
import java.nio.file.Path;
import java.util.List;

/**
 * What the tiny campaign's processes expose to Prometheus: expositions promtool accepts, with the
 * campaign's series, HTTP service discovery that lists every worker, and a series for every panel
 * query of the dashboards.
 */
final class TinyCampaignMetrics {

  private TinyCampaignMetrics() {}

  static void assertEveryExpositionLintsAndHasTheCampaign(String apiUrl, String campaignId)
      throws Exception {
    ApiClient api = new ApiClient(apiUrl);
    String student =
        api.workers().stream()
            .filter(w -> w.role().equals("student"))
            .findFirst()
            .orElseThrow()
            .metricsUrl();

    for (String url : List.of(apiUrl + "/metrics", student)) {
      Promtool.Result lint = Promtool.run(Promtool.scrape(url), "check", "metrics");
      assertThat(lint.output()).as("promtool on " + url).isEmpty();
      assertThat(lint.exitCode()).isZero();
    }
    assertThat(Promtool.scrape(apiUrl + "/metrics"))
        .contains(
            "netshrink_distill_loss{campaign=\""
                + campaignId
                + "\",term=\"kd\",trial=\"kd-a0.9-t4\"}")
        .contains(
            "netshrink_distill_accuracy{campaign=\"" + campaignId + "\",trial=\"ce-baseline\"}")
        .contains(
            "netshrink_prune_accuracy{campaign=\""
                + campaignId
                + "\",method=\"l1-unstructured\",model=\"teacher\",ratio=\"0.30\"}")
        .contains(
            "netshrink_prune_latency_seconds{campaign=\""
                + campaignId
                + "\",method=\"l1-unstructured\",model=\"student\",ratio=\"0.60\"}")
        .contains(
            "netshrink_prune_parameters{campaign=\""
                + campaignId
                + "\",method=\"l1-unstructured\",model=\"student\",ratio=\"0.00\"}")
        .contains("netshrink_workers{role=\"student\"} 2.0")
        .contains("netshrink_trials{campaign=\"" + campaignId + "\",state=\"succeeded\"} 7.0")
        .containsPattern("netshrink_orchestrator_event_lag [0-9]");
    assertThat(Promtool.scrape(student))
        .containsPattern(
            "netshrink_worker_jobs_total\\{outcome=\"succeeded\",role=\"student\"} [1-9]")
        .contains("netshrink_worker_batch_time_seconds_count{role=\"student\"}")
        .contains("kafka_producer_record_send_total")
        .contains("jvm_memory_used_bytes");
  }

  static void assertServiceDiscoveryListsEveryWorker(String apiUrl) throws Exception {
    var groups =
        dev.netshrink.protocol.wire.Json.MAPPER.readTree(
            Promtool.scrape(apiUrl + "/api/prometheus-sd"));

    assertThat(groups).hasSize(4);
    assertThat(groups.findValuesAsText("role"))
        .containsExactlyInAnyOrder("teacher", "student", "student", "pruner");
    assertThat(groups.get(0).get("targets").get(0).asText()).startsWith("127.0.0.1:");
    assertThat(groups.get(0).get("labels").get("__metrics_path__").asText()).isEqualTo("/metrics");
    Promtool.Result config =
        Promtool.run(
            "",
            "check",
            "config",
            Path.of("../deploy/local/prometheus.yml").toAbsolutePath().toString());
    assertThat(config.exitCode()).as(config.output()).isZero();
  }

  /**
   * Every panel query of every dashboard returns series from a real Prometheus, once the last sweep
   * point and all four workers have been scraped since the campaign ended.
   */
  static void assertEveryDashboardQueryReturnsSeries(
      String prometheusUrl, String campaignId, int succeededTrials) throws Exception {
    PrometheusQueries queries = new PrometheusQueries(prometheusUrl);
    queries.awaitSeries(
        "netshrink_trials{campaign=\""
            + campaignId
            + "\",state=\"succeeded\"} == "
            + succeededTrials);
    queries.awaitSeries("count(up{job=\"netshrink-workers\"} == 1) == 4");
    DashboardQueryCheck check = new DashboardQueryCheck(queries);
    GrafanaDashboards grafana = GrafanaDashboards.load();

    for (GrafanaDashboards.Dashboard dashboard : grafana.dashboards()) {
      check.check(dashboard);
    }

    assertThat(grafana.dashboards()).hasSize(5);
    assertThat(check.problems()).isEmpty();
    assertThat(check.queriesRun())
        .isEqualTo(grafana.dashboards().stream().mapToInt(d -> d.targets().size()).sum())
        .isGreaterThan(20);
  }

  /**
   * Prometheus holds one series per finished epoch of every trial (whatever the scrape interval
   * saw), at the values the API reports, and one start and one end time per training trial within
   * the campaign's run.
   */
  static void assertEveryEpochAndEveryTrialsTimesAreSeries(String prometheusUrl, CampaignView done)
      throws Exception {
    PrometheusQueries queries = new PrometheusQueries(prometheusUrl);
    String campaign = "campaign=\"" + done.campaignId() + "\"";
    for (TrialView t : done.trials()) {
      for (EpochView e : t.epochs()) {
        String series =
            "netshrink_distill_epoch_accuracy{"
                + campaign
                + ",trial=\""
                + t.name()
                + "\",epoch=\""
                + e.epoch()
                + "\"}";
        queries.awaitSeries(series);
        assertThat(queries.instant(series).get(0).path("value").get(1).asDouble())
            .as(series)
            .isCloseTo(e.accuracy(), org.assertj.core.data.Offset.offset(1e-9));
      }
    }
    int epochs = done.trials().stream().mapToInt(t -> t.epochs().size()).sum();
    queries.awaitSeries("count(netshrink_distill_epoch_accuracy{" + campaign + "}) == " + epochs);
    long trained = done.trials().stream().filter(t -> !t.kind().equals("prune")).count();
    queries.awaitSeries(
        "count(netshrink_trial_end_time_seconds{"
            + campaign
            + ",kind!=\"prune\",outcome=\"succeeded\"}) == "
            + trained);
    double submitted = done.submittedAtMillis() / 1000.0;
    for (String metric :
        List.of("netshrink_trial_start_time_seconds", "netshrink_trial_end_time_seconds")) {
      for (JsonNode sample : queries.instant(metric + "{" + campaign + "}")) {
        assertThat(sample.path("value").get(1).asDouble())
            .as(metric + " " + sample.path("metric"))
            .isBetween(submitted, System.currentTimeMillis() / 1000.0);
      }
    }
  }
}
