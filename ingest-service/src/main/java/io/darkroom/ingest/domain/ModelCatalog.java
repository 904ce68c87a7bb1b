package io.darkroom.ingest.domain;

import io.darkroom.models.registry.ModelMetadata;
import io.darkroom.models.registry.ModelRegistry;
import java.nio.file.Path;
import java.util.List;

/**
 * The model registry as ingest sees it ({@code darkroom.models.dir}): what {@code GET /models} lists and what an
 * upscale op may name. Metadata only: files are hash-checked by the worker that loads them.
 */
public final class ModelCatalog {
    private final ModelRegistry registry;

    /** @param dir the registry folder; null = no registry (an empty list; every registry name is unknown) */
    public ModelCatalog(Path dir) {
        this.registry = dir == null ? null : new ModelRegistry(dir);
    }

    public static ModelCatalog none() {
        return new ModelCatalog(null);
    }

    /** One model as listed by {@code GET /models}. */
    public record ModelView(String name, String version, int scale, String sha256, String licence, String source) {
        static ModelView of(ModelMetadata m) {
            return new ModelView(m.name(), m.version(), m.scale(), m.sha256(), m.licence(), m.source());
        }
    }

    public List<ModelView> list() {
        return registry == null
                ? List.of()
                : registry.list().stream().map(ModelView::of).toList();
    }

    public boolean known(String name) {
        return registry != null
                && registry.list().stream().anyMatch(m -> m.name().equals(name));
    }
}
