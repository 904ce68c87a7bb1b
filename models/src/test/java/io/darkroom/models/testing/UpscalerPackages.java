package io.darkroom.models.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.darkroom.models.tfjs.NpmPack;
import java.io.IOException;
import java.nio.file.Path;

/** The upscalerjs npm packages, fetched once into this module's target/npm. */
public final class UpscalerPackages {
    public static final String SLIM = "@upscalerjs/esrgan-slim@1.0.0";
    public static final String MEDIUM = "@upscalerjs/esrgan-medium@1.0.0";

    private UpscalerPackages() {}

    /** models/x{scale} of the package; skips the test only when npm is not installed. */
    public static Path modelDir(String spec, int scale) throws IOException {
        assumeTrue(
                NpmPack.npmAvailable(),
                "npm is not on the PATH: the pretrained esrgan weights are fetched with `npm pack " + spec + "`");
        return NpmPack.modelDir(NpmPack.fetch(spec, TestFiles.moduleTarget().resolve("npm")), scale);
    }
}
