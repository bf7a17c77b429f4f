package dev.netshrink.cli;

import dev.netshrink.cli.GrafanaDashboards.Dashboard;
import dev.netshrink.cli.GrafanaDashboards.Target;
import dev.netshrink.cli.GrafanaDashboards.Variable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Does for each dashboard what Grafana does before it queries: resolves the template variables in
 * order through Prometheus' label API, interpolates them the way Grafana's Prometheus datasource
 * does (a multi-value becomes {@code (a|b)} with regex characters escaped), and then runs every
 * panel query. A problem is a variable with no value or a query without a single series.
 */
final class DashboardQueryCheck {

  /** What Grafana's {@code $__rate_interval} becomes for a 5 s scrape interval (4 x scrape). */
  static final String RATE_INTERVAL = "20s";

  private static final Pattern LABEL_VALUES =
      Pattern.compile("^label_values\\((?:(.*),\\s*)?([A-Za-z_][A-Za-z0-9_]*)\\)$");
  private static final Pattern REGEX_SPECIAL = Pattern.compile("[\\\\^$*+?.()|{}\\[\\]]");

  private final PrometheusQueries prometheus;
  private final List<String> problems = new ArrayList<>();
  private int queriesRun;

  DashboardQueryCheck(PrometheusQueries prometheus) {
    this.prometheus = prometheus;
  }

  List<String> problems() {
    return problems;
  }

  int queriesRun() {
    return queriesRun;
  }

  void check(Dashboard dashboard) throws IOException, InterruptedException {
    Map<String, String> values = new LinkedHashMap<>();
    for (Variable variable : dashboard.variables()) {
      if (variable.type().equals("datasource")) {
        values.put(variable.name(), "netshrink-prometheus");
        continue;
      }
      Matcher m = LABEL_VALUES.matcher(variable.query());
      if (!m.matches()) {
        problems.add(
            dashboard.file()
                + ": variable "
                + variable.name()
                + " is not a label_values(...) query: "
                + variable.query());
        continue;
      }
      String selector = m.group(1) == null ? "" : interpolate(m.group(1), values);
      List<String> found = prometheus.labelValues(m.group(2), selector);
      if (found.isEmpty()) {
        problems.add(
            dashboard.file()
                + ": variable "
                + variable.name()
                + " has no values ("
                + variable.query()
                + ")");
        continue;
      }
      values.put(
          variable.name(),
          variable.multi()
              ? found.stream()
                  .map(DashboardQueryCheck::escapeRegex)
                  .collect(Collectors.joining("|", "(", ")"))
              : found.get(0));
    }
    for (Target target : dashboard.targets()) {
      String promql = interpolate(target.expr(), values);
      queriesRun++;
      try {
        if (prometheus.instant(promql).isEmpty()) {
          problems.add(dashboard.file() + " / " + target.panel() + ": no series for " + promql);
        }
      } catch (IllegalArgumentException rejected) {
        problems.add(dashboard.file() + " / " + target.panel() + ": " + rejected.getMessage());
      }
    }
  }

  private static String interpolate(String text, Map<String, String> values) {
    String out = text.replace("$__rate_interval", RATE_INTERVAL);
    for (Map.Entry<String, String> v : values.entrySet()) {
      out =
          out.replace("${" + v.getKey() + "}", v.getValue())
              .replaceAll("\\$" + v.getKey() + "\\b", Matcher.quoteReplacement(v.getValue()));
    }
    return out;
  }

  /** Grafana's prometheusSpecialRegexEscape: a regex escape, doubled for the PromQL string. */
  private static String escapeRegex(String value) {
    return REGEX_SPECIAL
        .matcher(value)
        .replaceAll(r -> Matcher.quoteReplacement("\\\\" + r.group()));
  }
}
