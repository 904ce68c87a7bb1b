package io.darkroom.process.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.contracts.SourceRef;
import io.darkroom.media.StorageException;
import io.darkroom.media.StorageRoots;
import io.darkroom.models.onnx.BringYourOwn;
import io.darkroom.models.registry.ModelMetadata;
import io.darkroom.models.registry.ModelRegistry;
import io.darkroom.models.registry.ModelRegistryException;
import io.darkroom.process.config.DarkroomConfig;
import io.darkroom.recipe.Problem;
import io.darkroom.security.Permission;
import io.darkroom.security.http.CurrentIdentity;
import io.darkroom.security.http.Requires;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The model registry over HTTP: anyone signed in lists it; an admin registers a bring-your-own ONNX upscale model
 * from a storage root ({@code POST /models}, audited as {@code model.register}). The file is read where the site's
 * root modes allow reading (never an internal root), hashed, inspected and copied into {@code darkroom.models.dir};
 * a different file under a taken name is refused.
 */
@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class ModelResource {
    private static final Logger LOG = Logger.getLogger(ModelResource.class);
    private static final long MAX_BYTES = 2L << 30;
    private static final List<String> OPTIONS =
            List.of("input", "output", "layout", "range", "version", "licence", "source");

    private final Optional<ModelRegistry> registry;
    private final StorageRoots roots;
    private final CurrentIdentity who;

    public ModelResource(DarkroomConfig config, CurrentIdentity who) {
        this.registry =
                config.models().dir().filter(d -> !d.isBlank()).map(d -> new ModelRegistry(java.nio.file.Path.of(d)));
        this.roots = StorageRoots.of(config.storage().roots(), config.storage().modes());
        this.who = who;
    }

    @GET
    @Requires(Permission.CATALOG_READ)
    public Response list() {
        if (registry.isEmpty()) {
            return Response.ok(List.of()).build();
        }
        return Response.ok(registry.get().list()).build();
    }

    /**
     * {@code {"name", "scale", "file": "root:path.onnx", "input"?, "output"?, "layout"?, "range"?, "version"?,
     * "licence"?, "source"?}}: 201 with the recorded metadata (sha256 of the file), 200 when the identical file is
     * registered under that name already; 409 for another file under that name; 422 naming a bad field or file.
     */
    @POST
    @Requires(value = Permission.MODEL_MANAGE, audit = "model.register")
    public Response register(String body) {
        if (registry.isEmpty()) {
            return ErrorResponses.response(Problem.NOT_ENABLED, "no model registry: set darkroom.models.dir");
        }
        JsonBody read = JsonBody.of(body);
        if (read.refusal() != null) {
            return read.refusal();
        }
        JsonNode b = read.json();
        if (b == null
                || !b.isObject()
                || !b.path("name").isTextual()
                || !b.path("file").isTextual()) {
            return ErrorResponses.response(
                    Problem.INVALID_VALUE, "body must be {\"name\", \"scale\", \"file\": \"root:path.onnx\", ...}");
        }
        String name = b.path("name").asText();
        String fileText = b.path("file").asText();
        int colon = fileText.indexOf(':');
        if (colon <= 0 || colon == fileText.length() - 1) {
            return ErrorResponses.response(
                    Problem.INVALID_VALUE,
                    "file must be root:path (e.g. media:models/x4.onnx), was '" + fileText + "'");
        }
        SourceRef ref = new SourceRef(fileText.substring(0, colon), fileText.substring(colon + 1));
        Map<String, String> options = new LinkedHashMap<>();
        for (String o : OPTIONS) {
            if (b.path(o).isValueNode()) {
                options.put(o, b.path(o).asText());
            }
        }
        options.putIfAbsent(
                "source",
                "bring-your-own: " + ref + ", registered by " + who.require().subject());
        try {
            java.nio.file.Path file = roots.resolveReadable(ref);
            if (Files.size(file) > MAX_BYTES) {
                return ErrorResponses.response(
                        Problem.INVALID_VALUE, ref + " is larger than " + (MAX_BYTES >> 20) + " MiB");
            }
            BringYourOwn.Described d = BringYourOwn.describe(
                    Files.readAllBytes(file),
                    file.getFileName().toString(),
                    name,
                    b.path("scale").asText(null),
                    options);
            // 200 for the same file under a name already registered, 201 for a new name
            boolean existed = Files.exists(registry.get().onnxFile(name));
            ModelMetadata recorded = registry.get().register(file, d.metadata());
            LOG.infof(
                    "model %s registered from %s by %s (sha256 %s; %s)",
                    name, ref, who.require().subject(), recorded.sha256(), d.summary());
            return Response.status(existed ? 200 : 201).entity(recorded).build();
        } catch (StorageException e) {
            return ErrorResponses.response(e.problem(), e.getMessage());
        } catch (ModelRegistryException e) {
            Problem p =
                    switch (e.problem()) {
                        case NOT_FOUND -> Problem.NOT_FOUND;
                        case INVALID_NAME -> Problem.INVALID_NAME;
                        case ALREADY_EXISTS -> Problem.ALREADY_EXISTS;
                        case HASH_MISMATCH -> Problem.CONFLICT;
                        case BAD_METADATA, IO -> Problem.INTERNAL;
                    };
            return ErrorResponses.response(p, e.getMessage());
        } catch (IllegalArgumentException e) {
            return ErrorResponses.response(Problem.INVALID_VALUE, e.getMessage());
        } catch (IOException e) {
            return ErrorResponses.response(Problem.INTERNAL, "cannot read " + ref + ": " + e.getMessage());
        }
    }
}
