package io.darkroom.models.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.models.registry.ModelRegistry;
import io.darkroom.models.testing.UpscaleModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpscaleBenchTest {

    @TempDir
    Path tmp;

    @Test
    void runsBothPrecisionsInterleavedAndPrintsTheirRatio() throws Exception {
        ModelRegistry registry = new ModelRegistry(tmp.resolve("models"));
        registry.register(
                Files.write(tmp.resolve("l.onnx"), UpscaleModels.localX2()), UpscaleModels.metadata("local-x2", 2));
        registry.registerFloat16("local-x2", Files.write(tmp.resolve("l16.onnx"), UpscaleModels.localX2Fp16()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        UpscaleBench.run(
                new String[] {
                    "--model",
                    "local-x2",
                    "--registry",
                    registry.directory().toString(),
                    "--width",
                    "64",
                    "--height",
                    "48",
                    "--frames",
                    "2",
                    "--tile",
                    "32",
                    "--overlap",
                    "8",
                    "--threads",
                    "2",
                    "--precision",
                    "fp32,fp16"
                },
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out)
                .contains("model local-x2 x2 on CPUExecutionProvider, fp32,fp16, tile 32 overlap 8")
                .contains("frame 2 fp16: ")
                .containsPattern("fp32 on CPUExecutionProvider: 2 frame\\(s\\), \\d+ tiles: [0-9.]+ fps")
                .containsPattern("fp16 on CPUExecutionProvider: 2 frame\\(s\\), \\d+ tiles: [0-9.]+ fps")
                .containsPattern("fps fp16 / fp32: [0-9.]+");
    }
}
