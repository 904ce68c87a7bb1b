package io.darkroom.render;

import io.darkroom.contracts.FailureReason;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.ops.Op;
import io.darkroom.media.StorageRoots;
import io.darkroom.models.convert.TfjsToOnnx;
import io.darkroom.models.registry.ModelMetadata;
import io.darkroom.models.registry.ModelRegistry;
import io.darkroom.models.registry.ModelRegistryException;
import io.darkroom.models.registry.VerifiedModel;
import io.darkroom.models.upscale.LanczosUpscaler;
import io.darkroom.models.upscale.TiledUpscaler;
import io.darkroom.models.upscale.Upscaler;
import io.darkroom.provenance.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The upscalers of one worker process: each model (per tile / overlap / device / precision) is read, hash-checked
 * against its registry metadata and opened in ONNX Runtime once, then kept for the life of the process and shared
 * by every slot ({@link TiledUpscaler#upscale} is synchronized: slots using the same model take turns).
 */
public final class Upscalers implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Upscalers.class);
    /** System property naming the model registry folder of a worker. */
    public static final String MODELS_DIR_PROPERTY = "darkroom.models.dir";

    private final ModelRegistry registry;
    private final StorageRoots roots;
    private final Map<String, Loaded> cache = new ConcurrentHashMap<>();

    /**
     * What ran and what the output must say about it.
     *
     * @param upscaler          the upscaler (shared: never close it)
     * @param model             registry name, file name, or "lanczos3"
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

    /**
     * @param registryDir the worker's model registry ({@code darkroom.models.dir}); null = none (only
     *                    {@code root:path} models and lanczos work)
     */
    public Upscalers(Path registryDir, StorageRoots roots) {
        this.registry = registryDir == null ? null : new ModelRegistry(registryDir);
        this.roots = roots;
    }

    /** From the system property {@value #MODELS_DIR_PROPERTY} (unset: no registry). */
    public static Upscalers fromSystemProperty(StorageRoots roots) {
        String dir = System.getProperty(MODELS_DIR_PROPERTY);
        return new Upscalers(dir == null || dir.isBlank() ? null : Path.of(dir), roots);
    }

    public Path registryDir() {
        return registry == null ? null : registry.directory();
    }

    /** The upscaler of an {@link Op.Upscale} or {@link Op.LanczosUpscale}, loading it on first use. */
    public Loaded get(Op op, String label) throws RenderException {
        if (op instanceof Op.LanczosUpscale l) {
            return cache.computeIfAbsent(
                    "lanczos:" + l.scale(),
                    k -> new Loaded(new LanczosUpscaler(l.scale()), "lanczos3", "", "", "java", false));
        }
        Op.Upscale u = (Op.Upscale) op;
        String key = u.model() + "|" + u.tileOrDefault() + "|" + u.overlapOrDefault() + "|" + u.deviceOrDefault() + "|"
                + u.precisionOrDefault();
        Loaded hit = cache.get(key);
        if (hit != null) {
            return hit;
        }
        synchronized (this) {
            hit = cache.get(key);
            if (hit == null) {
                hit = load(u, label);
                cache.put(key, hit);
            }
            return hit;
        }
    }

    private Loaded load(Op.Upscale u, String label) throws RenderException {
        ModelMetadata meta;
        byte[] bytes;
        VerifiedModel vm = null;
        try {
            if (u.modelIsFile()) {
                int colon = u.model().indexOf(':');
                Path file = roots.resolveExisting(
                        new SourceRef(u.model().substring(0, colon), u.model().substring(colon + 1)));
                bytes = Files.readAllBytes(file);
                String name = file.getFileName()
                        .toString()
                        .replaceFirst("\\.onnx$", "")
                        .toLowerCase(Locale.ROOT);
                // a bring-your-own file: the converted-model convention (NHWC RGB 0..255), scale from the op
                meta = new ModelMetadata(
                        name,
                        "file",
                        u.scale(),
                        Sha256.of(bytes),
                        "unknown",
                        "file:" + u.model(),
                        ModelMetadata.TensorSpec.nhwc255(TfjsToOnnx.INPUT),
                        ModelMetadata.TensorSpec.nhwc255(TfjsToOnnx.OUTPUT),
                        null);
            } else {
                if (registry == null) {
                    throw new RenderException(
                            FailureReason.BAD_INPUT,
                            label + ": upscale model '" + u.model() + "' asked, but this worker has no model registry ("
                                    + MODELS_DIR_PROPERTY + " unset)",
                            null);
                }
                vm = registry.load(u.model());
                if (u.precisionOrDefault() == Op.Upscale.Precision.FP16) {
                    if (vm.metadata().fp16() == null) {
                        throw new RenderException(
                                FailureReason.UNSUPPORTED,
                                label + ": precision fp16 needs the "
                                        + "float16 variant of " + u.model()
                                        + ", which the registry does not hold (re-import "
                                        + "the model, or use precision fp32)",
                                null);
                    }
                    vm = vm.float16();
                }
                meta = vm.metadata();
                bytes = vm.bytes();
            }
        } catch (ModelRegistryException e) {
            throw new RenderException(FailureReason.BAD_INPUT, label + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new RenderException(
                    FailureReason.STORAGE, label + ": cannot read model " + u.model() + ": " + e.getMessage(), e);
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
        String sha = vm != null && vm.isFloat16() ? meta.fp16().sha256() : meta.sha256();
        try {
            t = vm != null ? TiledUpscaler.open(vm, options) : TiledUpscaler.open(meta, bytes, options);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw new RenderException(FailureReason.UNSUPPORTED, label + ": " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new RenderException(FailureReason.BAD_INPUT, label + ": " + e.getMessage(), e);
        }
        LOG.infof(
                "%s: model %s %s %s (sha256 %s) loaded on %s, cached for this worker",
                label,
                meta.name(),
                meta.version(),
                vm != null && vm.isFloat16() ? "fp16" : "fp32",
                sha,
                t.executionProvider());
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
