package io.darkroom.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.darkroom.models.registry.ModelMetadata;
import io.darkroom.models.registry.ModelRegistryException;
import io.darkroom.models.tfjs.NpmPack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's model: imported from npm into an empty registry once, then found there; a tampered file is refused. */
class UpscaleModelsTest {
    /** npm's unpacked package is kept across runs here (like models import-npm's work folder). */
    static final Path NPM_WORK = RepoPaths.repoRoot().resolve("deploy/local/target/npm");

    @TempDir
    Path dir;

    @Test
    void importsEsrganSlimOnceAndThenFindsIt() throws IOException {
        assumeThat(NpmPack.npmAvailable())
                .as("npm is not on the PATH: cannot import " + UpscaleModels.PACKAGE)
                .isTrue();
        Path registry = dir.resolve("models");
        assertThat(UpscaleModels.registered(registry)).isFalse();

        ModelMetadata m = UpscaleModels.ensure(registry, NPM_WORK);

        assertThat(m.name()).isEqualTo(UpscaleModels.NAME);
        assertThat(m.scale()).isEqualTo(2);
        assertThat(m.licence()).isEqualTo("MIT");
        assertThat(m.sha256()).hasSize(64);
        assertThat(UpscaleModels.registered(registry)).isTrue();
        long modified = Files.getLastModifiedTime(registry.resolve(UpscaleModels.NAME + ".onnx"))
                .toMillis();
        assertThat(UpscaleModels.ensure(registry, NPM_WORK).sha256()).isEqualTo(m.sha256());
        assertThat(Files.getLastModifiedTime(registry.resolve(UpscaleModels.NAME + ".onnx"))
                        .toMillis())
                .as("not imported again")
                .isEqualTo(modified);

        Files.write(registry.resolve(UpscaleModels.NAME + ".onnx"), new byte[] {1}, StandardOpenOption.APPEND);
        assertThatThrownBy(() -> UpscaleModels.ensure(registry, NPM_WORK))
                .isInstanceOf(ModelRegistryException.class)
                .hasMessageContaining(m.sha256());
    }
}
