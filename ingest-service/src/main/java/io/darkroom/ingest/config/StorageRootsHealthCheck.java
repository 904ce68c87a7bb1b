package io.darkroom.ingest.config;

import io.darkroom.media.StorageRoots;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while every configured storage root is a readable folder (a lost mount makes ingest unready). */
@Readiness
@ApplicationScoped
public class StorageRootsHealthCheck implements HealthCheck {
    private final StorageRoots roots;

    public StorageRootsHealthCheck(StorageRoots roots) {
        this.roots = roots;
    }

    @Override
    public HealthCheckResponse call() {
        List<String> missing = roots.names().stream()
                .filter(n -> !Files.isDirectory(roots.root(n).orElseThrow())
                        || !Files.isReadable(roots.root(n).orElseThrow()))
                .toList();
        return HealthCheckResponse.named("storage-roots")
                .status(missing.isEmpty())
                .withData("roots", String.join(",", roots.names()))
                .withData("missing", String.join(",", missing))
                .build();
    }
}
