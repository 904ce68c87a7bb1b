package io.darkroom.security.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A 403 from an HTTP permission names the roles its policy allows, read from the site's configuration. */
class AuthFailureHandlerTest {
    private static SmallRyeConfig config(Map<String, String> props) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(props, "test", 500))
                .build();
    }

    @Test
    void theMostSpecificPermissionsPolicyNamesTheRoles() {
        SmallRyeConfig c = config(Map.of(
                "quarkus.http.auth.permission.q.paths", "/q,/q/*",
                "quarkus.http.auth.permission.q.policy", "authenticated",
                "quarkus.http.auth.permission.metrics.paths", "/q/metrics,/q/metrics/*",
                "quarkus.http.auth.permission.metrics.policy", "darkroom-metrics",
                "quarkus.http.auth.policy.darkroom-metrics.roles-allowed", "ops, admin",
                "quarkus.http.auth.permission.worker.paths", "/*",
                "quarkus.http.auth.permission.worker.policy", "worker-ops",
                "quarkus.http.auth.policy.worker-ops.roles-allowed", "ops"));
        assertThat(AuthFailureHandler.rolesFor("/q/metrics", c)).containsExactly("ops", "admin");
        assertThat(AuthFailureHandler.rolesFor("/q/metrics/json", c)).containsExactly("ops", "admin");
        assertThat(AuthFailureHandler.rolesFor("/q/openapi", c))
                .as("authenticated: no roles named")
                .isEmpty();
        assertThat(AuthFailureHandler.rolesFor("/tasks/t1/cancel", c)).containsExactly("ops");
        assertThat(AuthFailureHandler.rolesFor("/q/metricsx", c))
                .as("not under /q/metrics")
                .isEmpty();
    }

    @Test
    void withoutAMatchingPermissionNoRoleIsNamed() {
        assertThat(AuthFailureHandler.rolesFor("/jobs", config(Map.of()))).isEmpty();
    }
}
