package io.darkroom.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Only process-service is handed the catalog's address and password; every service gets the rest. */
class StackConfigTest {
    private static final Map<String, String> STACK = LocalStack.serviceConfig(
            "127.0.0.1:9092",
            "jdbc:postgresql://127.0.0.1:5432/darkroom",
            "darkroom",
            "catalog-secret",
            Map.of("out", Path.of("/srv/out")));

    @Test
    void processServiceGetsTheCatalog() {
        assertThat(Stack.withoutCatalog(Stack.PROCESS, STACK))
                .containsEntry("quarkus.datasource.password", "catalog-secret")
                .containsEntry("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/darkroom")
                .containsEntry("kafka.bootstrap.servers", "127.0.0.1:9092");
    }

    @Test
    void ingestAndWorkersDoNotGetTheCatalogButGetTheRest() {
        for (String service : new String[] {Stack.INGEST, Stack.WORKER}) {
            Map<String, String> cfg = Stack.withoutCatalog(service, STACK);
            assertThat(cfg.keySet()).as(service).noneMatch(k -> k.startsWith("quarkus.datasource."));
            assertThat(cfg.values()).as(service).doesNotContain("catalog-secret");
            assertThat(cfg)
                    .as(service)
                    .containsEntry("kafka.bootstrap.servers", "127.0.0.1:9092")
                    .containsEntry(
                            "darkroom.storage.roots.out", Path.of("/srv/out").toString());
        }
        assertThat(STACK)
                .as("the stack's own settings are left as they are")
                .containsKey("quarkus.datasource.password");
    }
}
