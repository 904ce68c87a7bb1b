package io.darkroom.render;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.darkroom.models.convert.TfjsImporter;
import io.darkroom.models.registry.ModelMetadata;
import io.darkroom.models.registry.ModelRegistry;
import io.darkroom.models.tfjs.NpmPack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The esrgan-slim x2 registry the upscale render tests share: the MIT-licensed upscalerjs package fetched with
 * {@code npm pack} (cached in render-core/target/npm), converted with the project's own importer into a temporary
 * registry, once per test JVM. Tests calling {@link #esrganSlimX2()} are skipped, with that reason, only where npm
 * is not on the PATH.
 */
final class UpscaleTestModels {
    static final String SLIM = "@upscalerjs/esrgan-slim@1.0.0";

    /** A registry folder holding esrgan-slim-x2 and its metadata. */
    record Registry(Path dir, ModelMetadata model) {}

    private static Registry slim;

    private UpscaleTestModels() {}

    static synchronized Registry esrganSlimX2() throws IOException {
        assumeTrue(
                NpmPack.npmAvailable(),
                "npm is not on the PATH: the pretrained esrgan weights are fetched with `npm pack " + SLIM + "`");
        if (slim == null) {
            Path pkg = NpmPack.fetch(SLIM, RenderFixtures.repoRoot().resolve("render-core/target/npm"));
            Path dir = Files.createTempDirectory("darkroom-upscale-models");
            ModelMetadata m = TfjsImporter.importInto(new ModelRegistry(dir), NpmPack.modelDir(pkg, 2), null);
            slim = new Registry(dir, m);
        }
        return slim;
    }
}
