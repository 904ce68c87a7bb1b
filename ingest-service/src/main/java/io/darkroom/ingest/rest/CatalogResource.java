package io.darkroom.ingest.rest;

import io.darkroom.contracts.Preset;
import io.darkroom.ingest.domain.ModelCatalog;
import io.darkroom.media.StorageRoots;
import io.darkroom.security.Permission;
import io.darkroom.security.http.Requires;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** What a client may name in a request: presets and storage roots (names only, never host paths). */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {
    private final StorageRoots roots;
    private final ModelCatalog models;

    public CatalogResource(StorageRoots roots, ModelCatalog models) {
        this.roots = roots;
        this.models = models;
    }

    @GET
    @Path("models")
    @Requires(Permission.CATALOG_READ)
    @Operation(
            summary = "The upscale models of the registry (darkroom.models.dir): name, version, scale, sha256, "
                    + "licence, source; empty when no registry is configured")
    public List<ModelCatalog.ModelView> models() {
        return models.list();
    }

    /** One preset as listed by {@code GET /presets}. */
    public record PresetView(String id, String extension, String codec, String audioCodec, Integer defaultCrf) {
        static PresetView of(Preset p) {
            return new PresetView(p.id(), p.extension(), p.codecName(), p.audioEncoder(), p.defaultCrf());
        }
    }

    @GET
    @Path("presets")
    @Requires(Permission.CATALOG_READ)
    @Operation(summary = "The output presets a recipe may name")
    public List<PresetView> presets() {
        return Arrays.stream(Preset.values()).map(PresetView::of).toList();
    }

    @GET
    @Path("roots")
    @Requires(Permission.CATALOG_READ)
    @Operation(summary = "The storage root names sources and destinations may use")
    public List<String> roots() {
        return List.copyOf(roots.names());
    }
}
