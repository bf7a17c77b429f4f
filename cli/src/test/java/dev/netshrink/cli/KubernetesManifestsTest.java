package dev.netshrink.cli;

import static dev.netshrink.cli.RenderedManifests.K8S;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import dev.netshrink.local.NativeEnvironment;
import dev.netshrink.orchestrator.Orchestrator;
import dev.netshrink.orchestrator.OrchestratorSettings;
import dev.netshrink.orchestrator.campaign.TrialKind;
import dev.netshrink.orchestrator.campaign.TrialPlan;
import dev.netshrink.orchestrator.topics.TopicSpec;
import dev.netshrink.protocol.metrics.MetricNames;
import dev.netshrink.protocol.spec.SpecDefaults;
import dev.netshrink.protocol.spec.SpecParser;
import dev.netshrink.protocol.topic.TopicDescriptor;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.view.TrialStatus;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusNamingConvention;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/**
 * {@code deploy/k8s} rendered by {@code kubectl kustomize}, every object checked against its schema
 * ({@code deploy/k8s/check/validate.mjs}, the schemas pinned in its package-lock.json), and what
 * the manifests name checked against the code: topics, CLI arguments, ports, configuration
 * variables, routes, metric names and labels, and what the image packages.
 */
class KubernetesManifestsTest {

  private static RenderedManifests manifests;

  @BeforeAll
  static void render() throws Exception {
    assertThat(K8S.resolve("check/node_modules/kubernetes-models"))
        .as("deploy/k8s/check/node_modules: `./netshrink test` runs `npm ci` there first")
        .exists();
    manifests = RenderedManifests.render();
  }

  @Test
  void everyRenderedObjectMatchesItsSchema() throws Exception {
    assertThat(RenderedManifests.validate(manifests.yaml(), 0))
        .contains("22 objects")
        .contains("all valid");
  }

  @Test
  void anUnknownFieldOrAWrongTypeIsRejected() throws Exception {
    List<JsonNode> broken = RenderedManifests.parse(manifests.yaml());
    JsonNode pod = RenderedManifests.find(broken, "Deployment", "netshrink-student");
    ((ObjectNode) pod.at("/spec/template/spec")).put("terminationGracePeriod", 60);
    JsonNode topic = RenderedManifests.find(broken, "KafkaTopic", "netshrink.events");
    ((ObjectNode) topic.path("spec")).put("partitions", "1");
    StringBuilder yaml = new StringBuilder();
    for (JsonNode o : broken) {
      yaml.append(RenderedManifests.YAML.writeValueAsString(o));
    }

    assertThat(RenderedManifests.validate(yaml.toString(), 1))
        .contains("additional properties {\"additionalProperty\":\"terminationGracePeriod\"}")
        .contains("KafkaTopic netshrink.events: data/spec/partitions must be integer");
  }

  @Test
  void theKafkaTopicsAreTheTopicsTheOrchestratorCreatesWithThreeReplicas() throws Exception {
    Method topicSpec = Orchestrator.class.getDeclaredMethod("topicSpec", TopicDescriptor.class);
    topicSpec.setAccessible(true);
    Map<String, List<String>> expected = new TreeMap<>();
    for (TopicDescriptor<?, ?> t : Topics.withDefaultPrefix().all()) {
      TopicSpec s = (TopicSpec) topicSpec.invoke(null, t);
      expected.put(
          s.name(),
          List.of(
              s.partitions() + "",
              s.cleanupPolicy().configValue(),
              s.retentionBytes() + "",
              s.maxMessageBytes() + "",
              "3",
              "2"));
    }
    Map<String, List<String>> declared = new TreeMap<>();
    for (JsonNode t : manifests.ofKind("KafkaTopic")) {
      JsonNode spec = t.path("spec");
      JsonNode config = spec.path("config");
      assertThat(config.size()).as("settings of %s", t.at("/metadata/name")).isEqualTo(4);
      declared.put(
          spec.path("topicName").asText(t.at("/metadata/name").asText()),
          List.of(
              spec.path("partitions").asText(),
              config.path("cleanup.policy").asText(),
              config.path("retention.bytes").asText(),
              config.path("max.message.bytes").asText(),
              spec.path("replicas").asText(),
              config.path("min.insync.replicas").asText()));
    }

    assertThat(declared).isEqualTo(expected);
  }

  @Test
  void everyContainerRunsArgumentsTheCliAcceptsOnThePortItsConfigurationGives() throws Exception {
    StringBuilder references = new StringBuilder();
    for (String module : List.of("protocol", "workers", "orchestrator")) {
      references.append(
          Files.readString(Path.of("..", module, "src/main/resources/reference.conf")));
    }
    for (JsonNode d : manifests.ofKind("Deployment")) {
      JsonNode c = d.at("/spec/template/spec/containers/0");
      List<String> args = new ArrayList<>();
      c.path("args").forEach(a -> args.add(a.asText()));
      // parsed by the real command line: an option it does not have, or a bad value, throws
      ParseResult command = Netshrink.commandLine().parseArgs(args.toArray(String[]::new));
      ParseResult sub = command.subcommand();
      for (JsonNode env : c.path("env")) {
        if (env.path("name").asText().startsWith("NETSHRINK_")) {
          assertThat(references.toString()).contains("${?" + env.path("name").asText() + "}");
        }
      }
      int port = c.at("/ports/0/containerPort").asInt();
      if (sub.commandSpec().name().equals("orchestrator")) {
        assertThat(c.at("/ports/0/name").asText()).isEqualTo("http");
        assertThat(port).isEqualTo(OrchestratorSettings.from(ConfigFactory.load()).httpPort());
        assertThat(c.at("/readinessProbe/httpGet/path").asText())
            .isEqualTo("/api/campaigns?limit=1");
      } else {
        assertThat(sub.commandSpec().name()).isEqualTo("worker");
        assertThat(d.at("/metadata/name").asText())
            .isEqualTo("netshrink-" + sub.matchedOptionValue("--role", ""));
        assertThat(c.at("/ports/0/name").asText()).isEqualTo("metrics");
        assertThat(port).isEqualTo(sub.matchedOptionValue("--metrics-port", 0));
        assertThat(
                RenderedManifests.env(c, "NETSHRINK_METRICS_HOST")
                    .at("/valueFrom/fieldRef/fieldPath")
                    .asText())
            .isEqualTo("status.podIP");
      }
    }
    // the routes probed and scraped: GET /api/campaigns (only its POST needs the token) with a
    // limit, the orchestrator's /metrics and the worker's
    assertThat(source("orchestrator", "http/HttpApi.java"))
        .containsPattern("pathPrefix\\(\\s*\"api\"")
        .containsPattern("path\\(\\s*\"campaigns\",\\s*\\(\\) ->\\s*concat\\(\\s*post\\(")
        .containsPattern("path\\(\\s*\"metrics\"");
    assertThat(source("orchestrator", "http/Paging.java")).contains("number(\"limit\"");
    assertThat(source("workers", "runtime/MetricsEndpoint.java")).contains("\"/metrics\"");
  }

  @Test
  void theStudentScalerCountsStudentTrialsWithTheMetricAndLabelsOfTheCode() throws Exception {
    JsonNode scaler = manifests.ofKind("ScaledObject").get(0);
    String metric =
        new PrometheusNamingConvention().name(MetricNames.TRIAL_EPOCHS, Meter.Type.GAUGE);
    String states = TrialStatus.QUEUED.wireName() + "|" + TrialStatus.RUNNING.wireName();
    String spec = Files.readString(Path.of("../campaigns/fashion-demo.yaml"));
    List<TrialPlan> demo =
        TrialPlan.expand("c", SpecDefaults.resolve(SpecParser.parse(spec).spec()));
    String teacher =
        demo.stream().filter(t -> t.kind() == TrialKind.TEACHER).findFirst().orElseThrow().name();

    assertThat(scaler.at("/spec/scaleTargetRef/name").asText()).isEqualTo("netshrink-student");
    assertThat(scaler.at("/spec/triggers/0/metadata/query").asText())
        .isEqualTo(
            "count(%s{%s=~\"%s\",%s!=\"%s\"}) or vector(0)",
            metric, MetricNames.TAG_STATE, states, MetricNames.TAG_TRIAL, teacher);
    assertThat(demo)
        .filteredOn(t -> t.kind() == TrialKind.STUDENT)
        .isNotEmpty()
        .allSatisfy(t -> assertThat(t.name()).isNotEqualTo(teacher));
  }

  @Test
  void thePodMonitorGivesTheJobsAndLabelsThatTheDashboardsAndLocalPrometheusUse() throws Exception {
    JsonNode endpoints = manifests.ofKind("PodMonitor").get(0).at("/spec/podMetricsEndpoints");

    assertThat(endpoints)
        .allSatisfy(e -> assertThat(e.path("path").asText()).isEqualTo("/metrics"));
    assertThat(endpoints.at("/0/relabelings/1/replacement").asText())
        .isEqualTo("netshrink-orchestrator");
    assertThat(endpoints.at("/1/relabelings/0/replacement").asText())
        .isEqualTo("netshrink-workers");
    assertThat(Files.readString(Path.of("../deploy/local/prometheus.yml")))
        .contains("job_name: netshrink-orchestrator", "job_name: netshrink-workers");
    assertThat(Files.readString(Path.of("../grafana/dashboards/workers.json")))
        .contains("job=\\\"netshrink-workers\\\"");
    // the labels the orchestrator's service discovery gives a worker: the dashboards' variables
    assertThat(endpoints.at("/1/relabelings/1/targetLabel").asText()).isEqualTo("role");
    assertThat(endpoints.at("/1/relabelings/2/targetLabel").asText()).isEqualTo("worker");
    assertThat(source("orchestrator", "http/PrometheusTargets.java"))
        .contains("\"worker\",", "\"role\",");
  }

  @Test
  void theImageHoldsWhatTheNetshrinkScriptRunsAndIsTaggedWithTheVersion() throws Exception {
    String dockerfile = Files.readString(K8S.resolve("Dockerfile"));
    String main = Netshrink.class.getName();
    // "netshrink 0.1.0"
    String version = Netshrink.class.getAnnotation(Command.class).version()[0];
    String image = "netshrink:" + version.substring(version.indexOf(' ') + 1);

    assertThat(manifests.ofKind("Deployment"))
        .allSatisfy(
            d ->
                assertThat(d.at("/spec/template/spec/containers/0/image").asText())
                    .isEqualTo(image));
    assertThat(Files.readString(K8S.resolve("README.md")))
        .contains("docker build -f deploy/k8s/Dockerfile -t " + image + " .")
        .contains("create secret generic netshrink-api --from-literal=token=");
    assertThat(Files.readString(Path.of("../netshrink")))
        .contains("-cp \"$ROOT/$module/target/classes:$ROOT/$module/target/lib/*\"")
        .contains("run_java cli " + main);
    assertThat(dockerfile)
        .contains("COPY --from=build /src/cli/target/classes /opt/netshrink/classes")
        .contains("COPY --from=build /src/cli/target/lib /opt/netshrink/lib")
        .contains("\"-cp\", \"/opt/netshrink/classes:/opt/netshrink/lib/*\", \"" + main + "\"]");
    NativeEnvironment.VARIABLES.forEach(
        (name, value) -> assertThat(dockerfile).contains(name + "=" + value));

    LoggerContext logging = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(logging);
    configurator.doConfigure(K8S.resolve("logback.xml").toFile());
    assertThat(logging.getStatusManager().getCopyOfStatusList())
        .allSatisfy(s -> assertThat(s.getLevel()).isLessThan(Status.ERROR));
    assertThat(logging.getLogger("ROOT").getAppender("STDOUT")).isInstanceOf(ConsoleAppender.class);
  }

  private static String source(String module, String file) throws Exception {
    return Files.readString(Path.of("..", module, "src/main/java/dev/netshrink", module, file));
  }
}
