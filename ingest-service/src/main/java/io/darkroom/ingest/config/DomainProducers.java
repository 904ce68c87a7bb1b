package io.darkroom.ingest.config;

import io.darkroom.ingest.domain.JobRequestValidator;
import io.darkroom.ingest.domain.ModelCatalog;
import io.darkroom.media.Probe;
import io.darkroom.media.StorageRoots;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;

/** Builds the plain-Java domain objects from configuration. */
@ApplicationScoped
public class DomainProducers {

    @Produces
    @ApplicationScoped
    StorageRoots storageRoots(IngestConfig config) {
        return StorageRoots.of(config.storage().roots(), config.storage().modes());
    }

    @Produces
    @ApplicationScoped
    JobRequestValidator validator(StorageRoots roots, IngestConfig config, ModelCatalog models) {
        return new JobRequestValidator(
                roots,
                config.pools(),
                file -> Probe.probe(file, config.budgets().sourcePixels()),
                models,
                config.budgets().toBudgets(),
                config.budgets().toSubmitLimits());
    }

    @Produces
    @ApplicationScoped
    ModelCatalog models(IngestConfig config) {
        return new ModelCatalog(
                config.models().dir().filter(d -> !d.isBlank()).map(Path::of).orElse(null));
    }
}
