package dev.netshrink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The dashboards against Grafana's published dashboard schema ({@code grafana/validate.mjs}, with
 * {@code @grafana/schema} pinned in {@code grafana/package-lock.json}), and the provisioning files
 * that load them.
 */
class GrafanaSchemaTest {

  private static final Path GRAFANA = Path.of("../grafana");

  @Test
  void dashboardsMatchGrafanasSchemaWithUniqueIdsFittingGridsAndDefinedVariables()
      throws Exception {
    assertThat(GRAFANA.resolve("node_modules/@grafana/schema"))
        .as("grafana/node_modules: `./netshrink test` runs `npm ci` in grafana/ first")
        .exists();
    Process node =
        new ProcessBuilder("node", "validate.mjs")
            .directory(GRAFANA.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(node.waitFor()).as(output).isZero();
    assertThat(output).contains("5 dashboards checked").contains("all valid");
  }

  @Test
  void provisioningPointsGrafanaAtPrometheusAndTheDashboardFolder() throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    JsonNode datasource =
        yaml.readTree(GRAFANA.resolve("provisioning/datasources/netshrink.yml").toFile())
            .get("datasources")
            .get(0);
    JsonNode provider =
        yaml.readTree(GRAFANA.resolve("provisioning/dashboards/netshrink.yml").toFile())
            .get("providers")
            .get(0);

    assertThat(datasource.get("type").asText()).isEqualTo("prometheus");
    assertThat(datasource.get("url").asText()).isEqualTo("http://127.0.0.1:9090");
    assertThat(provider.get("type").asText()).isEqualTo("file");
    assertThat(provider.at("/options/path").asText())
        .isEqualTo("/var/lib/grafana/dashboards/netshrink");
    try (var dashboards = Files.list(GRAFANA.resolve("dashboards"))) {
      // every panel asks for the datasource through the $datasource variable, typed prometheus
      assertThat(dashboards)
          .allSatisfy(
              file ->
                  assertThat(Files.readString(file))
                      .contains("\"type\": \"prometheus\"")
                      .doesNotContain("\"uid\": \"netshrink-prometheus\""));
    }
  }
}
