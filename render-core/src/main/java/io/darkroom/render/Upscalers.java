package io.darkroom.render;

import io.darkroom.contracts.FailureReason;
import io.darkroom.contracts.ops.Op;
import io.darkroom.models.registry.ModelMetadata;
import io.darkroom.models.registry.ModelRegistry;
import io.darkroom.models.registry.ModelRegistryException;
import io.darkroom.models.registry.VerifiedModel;
import io.darkroom.models.upscale.LanczosUpscaler;
import io.darkroom.models.upscale.TiledUpscaler;
import io.darkroom.models.upscale.Upscaler;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The upscalers of one worker process: each registry model (per tile / overlap / device / precision / trusted hash)
 * is read, hash-checked against the task's trusted hash (the planner's model catalog) and its registry metadata, and
 * opened in ONNX Runtime once, then kept for the life of the process and shared
 * by every slot ({@link TiledUpscaler#upscale} is synchronized: slots using the same model take turns).
 */
public final class Upscalers implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Upscalers.class);
    /** System property naming the model registry folder of a worker. */
    public static final String MODELS_DIR_PROPERTY = "darkroom.models.dir";

    private final ModelRegistry registry;
    private final Map<String, Loaded> cache = new ConcurrentHashMap<>();

    /**
     * What ran and what the output must say about it.
     *
     * @param upscaler          the upscaler (shared: never close it)
     * @param model             registry name, or "lanczos3"
     * @param version           the model's version ("" for lanczos)
     * @param sha256            hash of the ONNX file ("" for lanczos)
     * @param executionProvider CPUExecutionProvider / CUDAExecutionProvider, or "java" for lanczos
     * @param ai                whether a model (not a plain filter) made the pixels
     */
    public record Loaded(
            Upscaler upscaler, String model, String version, String sha256, String executionProvider, boolean ai) {
        /** {@code darkroom-ai:<model>@<sha256 first 12>} (AI) or {@code darkroom-upscale:lanczos3}: the comment tag. */
        public String tag() {
            return ai
                    ? "darkroom-ai:" + model + "@" + sha256.substring(0, Math.min(12, sha256.length()))
                    : "darkroom-upscale:" + model;
        }
    }

    /** @param registryDir the worker's model registry ({@code darkroom.models.dir}); null = none (only lanczos works) */
    public Upscalers(Path registryDir) {
        this.registry = registryDir == null ? null : new ModelRegistry(registryDir);
    }

    /** From the system property {@value #MODELS_DIR_PROPERTY} (unset: no registry). */
    public static Upscalers fromSystemProperty() {
        String dir = System.getProperty(MODELS_DIR_PROPERTY);
        return new Upscalers(dir == null || dir.isBlank() ? null : Path.of(dir));
    }

    public Path registryDir() {
        return registry == null ? null : registry.directory();
    }

    /**
     * The upscaler of an {@link Op.Upscale} or {@link Op.LanczosUpscale}, loading it on first use.
     *
     * @param trustedSha256 the hash the model file must have, from the task ({@code RenderOutput.modelSha256}: the
     *                      planner's trusted model catalog); null only in tasks from planners before it, when the
     *                      registry's own metadata is all there is to check against
     */
    public Loaded get(Op op, String trustedSha256, String label) throws RenderException {
        if (op instanceof Op.LanczosUpscale l) {
            return cache.computeIfAbsent(
                    "lanczos:" + l.scale(),
                    k -> new Loaded(new LanczosUpscaler(l.scale()), "lanczos3", "", "", "java", false));
        }
        Op.Upscale u = (Op.Upscale) op;
        String key = u.model() + "|" + u.tileOrDefault() + "|" + u.overlapOrDefault() + "|" + u.deviceOrDefault() + "|"
                + u.precisionOrDefault() + "|" + trustedSha256;
        Loaded hit = cache.get(key);
        if (hit != null) {
            return hit;
        }
        synchronized (this) {
            hit = cache.get(key);
            if (hit == null) {
                hit = load(u, trustedSha256, label);
                cache.put(key, hit);
            }
            return hit;
        }
    }

    private Loaded load(Op.Upscale u, String trusted, String label) throws RenderException {
        ModelMetadata meta;
        VerifiedModel vm;
        boolean half = u.precisionOrDefault() == Op.Upscale.Precision.FP16;
        try {
            if (u.modelIsFile()) {
                throw new RenderException(
                        FailureReason.BAD_INPUT,
                        label + ": upscale model '" + u.model() + "' is a file; a task names registry models only"
                                + " (register the file with POST /models)",
                        null);
            }
            if (registry == null) {
                throw new RenderException(
                        FailureReason.BAD_INPUT,
                        label + ": upscale model '" + u.model() + "' asked, but this worker has no model registry ("
                                + MODELS_DIR_PROPERTY + " unset)",
                        null);
            }
            if (half && registry.metadata(u.model()).fp16() == null) {
                throw new RenderException(
                        FailureReason.UNSUPPORTED,
                        label + ": precision fp16 needs the "
                                + "float16 variant of " + u.model()
                                + ", which the registry does not hold (re-import "
                                + "the model, or use precision fp32)",
                        null);
            }
            if (trusted != null) {
                vm = registry.load(u.model(), trusted, half);
            } else {
                LOG.warnf(
                        "%s: the task carries no trusted hash for model %s (a planner from before the model catalog):"
                                + " checked against the registry's metadata only",
                        label, u.model());
                vm = half ? registry.loadFloat16(u.model()) : registry.load(u.model());
            }
            meta = vm.metadata();
        } catch (ModelRegistryException e) {
            throw new RenderException(FailureReason.BAD_INPUT, label + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new RenderException(
                    FailureReason.BAD_INPUT, label + ": model " + u.model() + ": " + e.getMessage(), e);
        }
        if (meta.scale() != u.scale()) {
            throw new RenderException(
                    FailureReason.BAD_INPUT,
                    label + ": model " + u.model() + " upscales x" + meta.scale() + ", the op asks for x" + u.scale(),
                    null);
        }
        TiledUpscaler.Options options = TiledUpscaler.Options.defaults()
                .withTile(u.tileOrDefault(), u.overlapOrDefault())
                .withDevice(u.deviceOrDefault())
                .withPrecision(u.precisionOrDefault());
        TiledUpscaler t;
        String sha = vm.isFloat16() ? meta.fp16().sha256() : meta.sha256();
        try {
            t = TiledUpscaler.open(vm, options);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw new RenderException(FailureReason.UNSUPPORTED, label + ": " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new RenderException(FailureReason.BAD_INPUT, label + ": " + e.getMessage(), e);
        }
        LOG.infof(
                "%s: model %s %s %s (sha256 %s) loaded on %s, cached for this worker",
                label, meta.name(), meta.version(), vm.isFloat16() ? "fp16" : "fp32", sha, t.executionProvider());
        return new Loaded(
                t, meta.name(), meta.version() == null ? "" : meta.version(), sha, t.executionProvider(), true);
    }

    @Override
    public void close() {
        for (Loaded l : cache.values()) {
            if (l.upscaler() instanceof TiledUpscaler t) {
                t.close();
            }
        }
        cache.clear();
    }
}
