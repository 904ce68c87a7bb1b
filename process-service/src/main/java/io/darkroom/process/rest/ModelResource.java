package io.darkroom.process.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.darkroom.contracts.Json;
import io.darkroom.contracts.SourceRef;
import io.darkroom.media.StorageException;
import io.darkroom.media.StorageRoots;
import io.darkroom.models.onnx.BringYourOwn;
import io.darkroom.models.registry.ModelMetadata;
import io.darkroom.models.registry.ModelRegistry;
import io.darkroom.models.registry.ModelRegistryException;
import io.darkroom.process.config.DarkroomConfig;
import io.darkroom.process.domain.TrustedModel;
import io.darkroom.process.service.TrustedModels;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The model registry over HTTP: anyone signed in lists it (each model with whether the trusted catalog holds it); an
 * admin registers a model ({@code POST /models}, audited as {@code model.register}): a bring-your-own ONNX upscale
 * model from a storage root (read where the site's root modes allow reading, never an internal root, hashed,
 * inspected and copied into {@code darkroom.models.dir}), or a model already in that folder (imported from npm) by
 * the hash the admin vouches for. Either way the verified SHA-256 goes into the trusted catalog ({@link TrustedModels}),
 * which recipes are held to; the folder's own metadata is not. A different file under a taken name is refused.
 */
@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class ModelResource {
    private static final Logger LOG = Logger.getLogger(ModelResource.class);
    private static final long MAX_BYTES = 2L << 30;
    private static final List<String> OPTIONS =
            List.of("input", "output", "layout", "range", "version", "licence", "source");

    /** The fields of a registration of a file, and of trusting a model already in the registry folder. */
    private static final List<String> FILE_FIELDS = java.util.stream.Stream.concat(
                    java.util.stream.Stream.of("name", "scale", "file"), OPTIONS.stream())
            .toList();

    private static final List<String> TRUST_FIELDS = List.of("name", "sha256", "fp16Sha256");

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Optional<ModelRegistry> registry;
    private final StorageRoots roots;
    private final CurrentIdentity who;
    private final TrustedModels trusted;

    public ModelResource(DarkroomConfig config, CurrentIdentity who, TrustedModels trusted) {
        this.registry = trusted.registry();
        this.roots = StorageRoots.of(config.storage().roots(), config.storage().modes());
        this.who = who;
        this.trusted = trusted;
    }

    /**
     * The registry's models, each with {@code trusted} (the catalog records this file's hash, so recipes may name it),
     * {@code registeredBy} and {@code trustedFp16} (the catalog trusts its float16 variant).
     */
    @GET
    @Requires(Permission.CATALOG_READ)
    public Response list() {
        if (registry.isEmpty()) {
            return Response.ok(List.of()).build();
        }
        Map<String, TrustedModel> rows = new LinkedHashMap<>();
        trusted.all().forEach(m -> rows.put(m.name(), m));
        List<ObjectNode> out = new ArrayList<>();
        for (ModelMetadata m : registry.get().list()) {
            out.add(view(m, rows.get(m.name())));
        }
        return Response.ok(out).build();
    }

    private static ObjectNode view(ModelMetadata m, TrustedModel row) {
        ObjectNode node = Json.mapper().valueToTree(m);
        boolean ok = row != null && row.sha256().equals(m.sha256());
        node.put("trusted", ok);
        node.put("trustedFp16", ok && m.fp16() != null && m.fp16().sha256().equals(row.fp16Sha256()));
        if (row != null) {
            node.put("registeredBy", row.registeredBy());
            node.put("registeredAt", row.registeredAt().toString());
        }
        return node;
    }

    /**
     * {@code {"name", "scale", "file": "root:path.onnx", "input"?, "output"?, "layout"?, "range"?, "version"?,
     * "licence"?, "source"?}} registers a file; {@code {"name", "sha256", "fp16Sha256"?}} (no file) trusts the
     * model of that name already in the registry folder when its file has that hash (and its float16 variant
     * {@code fp16Sha256}). 201 with the recorded metadata and {@code trusted: true} when the catalog gained the model,
     * 200 when it held it with the same hashes already; 409 for another file under that name; 422 naming a bad field,
     * file or hash.
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
        String unknown = JsonBody.unknownField(b, b != null && b.has("file") ? FILE_FIELDS : TRUST_FIELDS);
        if (unknown != null) {
            return ErrorResponses.response(Problem.UNKNOWN_FIELD, unknown);
        }
        if (b != null
                && b.isObject()
                && b.path("name").isTextual()
                && b.path("file").isMissingNode()) {
            return trustRegistered(b);
        }
        if (b == null
                || !b.isObject()
                || !b.path("name").isTextual()
                || !b.path("file").isTextual()) {
            return ErrorResponses.response(
                    Problem.INVALID_VALUE,
                    "body must be {\"name\", \"scale\", \"file\": \"root:path.onnx\", ...} (a file to register) or"
                            + " {\"name\", \"sha256\", \"fp16Sha256\"?} (a model already in the registry)");
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
            ModelMetadata recorded = registry.get().register(file, d.metadata());
            // the hash computed here from the file read, not the folder's metadata, is what the catalog trusts
            TrustedModels.Registered row = trusted.register(
                    name, recorded.sha256(), null, who.require().subject());
            LOG.infof(
                    "model %s registered from %s by %s (sha256 %s; %s)",
                    name, ref, who.require().subject(), recorded.sha256(), d.summary());
            return Response.status(row.created() ? 201 : 200)
                    .entity(view(recorded, row.model()))
                    .build();
        } catch (StorageException e) {
            return ErrorResponses.response(e.problem(), e.getMessage());
        } catch (ModelRegistryException e) {
            return refusal(e);
        } catch (IllegalArgumentException e) {
            return ErrorResponses.response(Problem.INVALID_VALUE, e.getMessage());
        } catch (IOException e) {
            return ErrorResponses.response(Problem.INTERNAL, "cannot read " + ref + ": " + e.getMessage());
        }
    }

    /** {@code {"name", "sha256", "fp16Sha256"?}}: trusts a model already in the registry folder, by its hash. */
    private Response trustRegistered(JsonNode b) {
        String name = b.path("name").asText();
        for (String field : List.of("sha256", "fp16Sha256")) {
            JsonNode v = b.path(field);
            boolean required = "sha256".equals(field);
            if ((required || !v.isMissingNode() && !v.isNull())
                    && !(v.isTextual() && SHA256.matcher(v.asText()).matches())) {
                return ErrorResponses.response(
                        Problem.INVALID_VALUE,
                        field + " must be the file's SHA-256 as 64 lower-case hex digits (to register a model already"
                                + " in the registry folder, give the hash you vouch for; to register a file, give"
                                + " \"file\": \"root:path.onnx\")");
            }
        }
        String fp16 = b.path("fp16Sha256").isTextual() ? b.path("fp16Sha256").asText() : null;
        try {
            TrustedModels.Registered row = trusted.trustRegistered(
                    name, b.path("sha256").asText(), fp16, who.require().subject());
            return Response.status(row.created() ? 201 : 200)
                    .entity(view(registry.get().metadata(name), row.model()))
                    .build();
        } catch (ModelRegistryException e) {
            if (e.problem() == ModelRegistryException.Problem.NOT_FOUND) {
                // the registry's own message names its host folder: answer without it
                return ErrorResponses.response(
                        Problem.NOT_FOUND,
                        "no model '" + name + "'" + (fp16 == null ? "" : " with a float16 variant")
                                + " in the registry folder (darkroom.models.dir): import it there first, or register"
                                + " a file with \"file\": \"root:path.onnx\"");
            }
            return refusal(e);
        }
    }

    private static Response refusal(ModelRegistryException e) {
        Problem p =
                switch (e.problem()) {
                    case NOT_FOUND -> Problem.NOT_FOUND;
                    case INVALID_NAME -> Problem.INVALID_NAME;
                    case ALREADY_EXISTS -> Problem.ALREADY_EXISTS;
                    case HASH_MISMATCH -> Problem.CONFLICT;
                    case BAD_METADATA, IO -> Problem.INTERNAL;
                };
        return ErrorResponses.response(p, e.getMessage());
    }
}
