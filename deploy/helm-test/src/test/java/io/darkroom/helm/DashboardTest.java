package io.darkroom.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * deploy/observability/grafana-dashboard.json names only metrics of metrics.txt and shows every one of them (that the
 * queries return data is e2e's PrometheusDashboardIT, against a real Prometheus).
 */
class DashboardTest {
    @Test
    void everyPanelQueriesListedMetricsAndEveryListedMetricHasAPanel() throws IOException {
        Set<String> exported = ChartTest.exportedMetrics();
        Path file = RenderedChart.chart()
                .resolve("../../observability/grafana-dashboard.json")
                .normalize();
        JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
        Set<String> used = new HashSet<>();
        int panels = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            panels++;
            assertThat(panel.path("targets"))
                    .as("queries of panel %s", panel.path("title"))
                    .isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                List<String> names = ChartTest.metricNames(expr);
                assertThat(names).as("metrics of %s", expr).isNotEmpty();
                for (String n : names) {
                    String base = n.replaceAll("_(bucket|count|sum|max)$", "");
                    assertThat(exported)
                            .as("metric %s of panel %s", n, panel.path("title"))
                            .containsAnyOf(n, base);
                    used.add(exported.contains(n) ? n : base);
                }
                assertThat(expr)
                        .as("no Grafana variables in queries (the test runs them as they are)")
                        .doesNotContain("$");
            }
        }
        assertThat(panels).isGreaterThanOrEqualTo(15);
        assertThat(used).as("metrics with a panel").containsExactlyInAnyOrderElementsOf(exported);
    }
}
