package io.darkroom.models.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.models.onnx.OnnxModel;
import io.darkroom.models.onnx.OnnxWriter;
import io.darkroom.models.registry.ModelRegistry;
import io.darkroom.models.testing.TinyOnnx;
import io.darkroom.models.testing.TinyTfjs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsCommandTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ModelsCommand command = new ModelsCommand(
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    @Test
    void importsATfjsModelRegistersAnOnnxFileAndListsBoth() throws Exception {
        Path registry = tmp.resolve("registry");
        Path tfjs = new TinyTfjs()
                .input("LR", 3)
                .conv("c", "LR", 3, 12, 3, 1, "same", "relu", null)
                .upsample("up", "c", 2)
                .conv("SR", "up", 12, 3, 3, 1, "same", "linear", null)
                .write(tmp.resolve("pkg/models/x2"), "LR", "SR");
        Files.writeString(
                tmp.resolve("pkg/package.json"),
                "{\"name\":\"@someone/tiny-upscaler\",\"version\":\"0.3.0\",\"license\":\"MIT\"}");

        assertThat(command.run("import-tfjs", tfjs.toString(), "--registry", registry.toString()))
                .isZero();
        assertThat(out.toString())
                .contains("registered: tiny-upscaler-x2 (scale 2, version 0.3.0, licence MIT)")
                .contains("float16 variant: tiny-upscaler-x2.fp16.onnx (sha256 ");

        Path byo = tmp.resolve("team-realesrgan.onnx");
        OnnxWriter.write(
                TinyOnnx.identity(
                        "x",
                        "y",
                        new OnnxModel.Fixed(1),
                        new OnnxModel.Fixed(3),
                        new OnnxModel.Symbolic("h"),
                        new OnnxModel.Symbolic("w")),
                byo);
        assertThat(command.run(
                        "register",
                        byo.toString(),
                        "--name",
                        "team-realesrgan-x4",
                        "--scale",
                        "4",
                        "--registry",
                        registry.toString()))
                .isZero();
        assertThat(out.toString()).contains("input: x NCHW RGB 0..1, output: y, ONNX IR 8, opset 17");

        out.reset();
        assertThat(command.run("list", "--registry", registry.toString())).isZero();
        assertThat(out.toString())
                .contains("tiny-upscaler-x2")
                .contains("npm:@someone/tiny-upscaler@0.3.0 models/x2")
                .contains("team-realesrgan-x4")
                .contains("bring-your-own: team-realesrgan.onnx");
        assertThat(new ModelRegistry(registry)
                        .load("tiny-upscaler-x2")
                        .metadata()
                        .input()
                        .layout())
                .isEqualTo("NHWC");
        assertThat(new ModelRegistry(registry)
                        .load("team-realesrgan-x4")
                        .metadata()
                        .scale())
                .isEqualTo(4);
        assertThat(command.run("verify", "tiny-upscaler-x2", "--registry", registry.toString()))
                .isZero();
        assertThat(out.toString())
                .contains("ok: tiny-upscaler-x2 sha256 ")
                .contains("ok: tiny-upscaler-x2 float16 variant tiny-upscaler-x2.fp16.onnx sha256 ");
    }

    @Test
    void refusesToRegisterAFileThatIsNotOnnx() throws Exception {
        Path notOnnx = Files.writeString(tmp.resolve("weights.onnx"), "{\"not\": \"onnx\"}");
        assertThat(command.run(
                        "register",
                        notOnnx.toString(),
                        "--name",
                        "x",
                        "--scale",
                        "2",
                        "--registry",
                        tmp.resolve("r").toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("not an ONNX model");
    }

    @Test
    void verifyFailsWhenTheFileWasChanged() throws Exception {
        Path registry = tmp.resolve("registry");
        Path byo = tmp.resolve("m.onnx");
        OnnxWriter.write(
                TinyOnnx.identity(
                        "x",
                        "y",
                        new OnnxModel.Fixed(1),
                        new OnnxModel.Symbolic("h"),
                        new OnnxModel.Symbolic("w"),
                        new OnnxModel.Fixed(3)),
                byo);
        assertThat(command.run(
                        "register",
                        byo.toString(),
                        "--name",
                        "m",
                        "--scale",
                        "2",
                        "--range",
                        "0..255",
                        "--registry",
                        registry.toString()))
                .isZero();
        Path stored = registry.resolve("m.onnx");
        byte[] bytes = Files.readAllBytes(stored);
        bytes[bytes.length - 1] ^= 1;
        Files.write(stored, bytes);
        assertThat(command.run("verify", "m", "--registry", registry.toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("refused").contains("sha256");
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhatIsMissing() {
        assertThat(command.run("register", "x.onnx", "--scale", "2")).isEqualTo(1); // no such file
        assertThat(err.toString()).contains("no such file: x.onnx");
        assertThat(command.run("frobnicate")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown command 'frobnicate'").contains("usage: darkroom models");
    }
}
