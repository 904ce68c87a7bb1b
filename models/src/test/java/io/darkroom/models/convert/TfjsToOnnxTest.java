package io.darkroom.models.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.models.onnx.OnnxWriter;
import io.darkroom.models.testing.KerasReference;
import io.darkroom.models.testing.Ort;
import io.darkroom.models.testing.TestFiles;
import io.darkroom.models.testing.TinyTfjs;
import io.darkroom.models.tfjs.TfjsFormatException;
import io.darkroom.models.tfjs.TfjsModel;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every supported layer and option, on a small random model, against the Java reference; and the refusals. */
class TfjsToOnnxTest {

    @TempDir
    Path dir;

    private static TinyTfjs everyLayer() {
        return new TinyTfjs()
                .input("LR", 3)
                .conv("a", "LR", 3, 4, 5, 1, "same", "relu", null) // 5x5 same: pads 2
                .conv("b", "a", 4, 4, 1, 1, "valid", "linear", null) // 1x1 valid
                .conv("e", "b", 4, 4, 2, 1, "same", "linear", null) // even kernel: TF pads the extra at the end
                .concat("cat", "a", "b", "e")
                .conv("c", "cat", 12, 4, 3, 1, "same", "linear", null)
                .add("sum", "c", "a", "b") // three inputs
                .activation("act", "sum", "relu")
                .upsample("up", "act", 2)
                .conv("SR", "up", 4, 3, 3, 1, "same", "linear", null);
    }

    @Test
    void convertedGraphMatchesTheKerasReferenceOnOddSizes() throws Exception {
        TfjsModel model = TfjsModel.read(everyLayer().write(dir, "LR", "SR"));
        TfjsToOnnx.Conversion conversion = TfjsToOnnx.convert(model, Map.of());
        assertThat(conversion.scale()).isEqualTo(2);
        byte[] onnx = OnnxWriter.toBytes(conversion.model());
        int h = 7;
        int w = 5;
        float[] in = new float[h * w * 3];
        for (int i = 0; i < in.length; i++) {
            in[i] = (i * 37 % 256);
        }
        Ort.Result out = Ort.run(onnx, TfjsToOnnx.INPUT, in, 1, h, w, 3);
        assertThat(out.shape()).containsExactly(1, 2 * h, 2 * w, 3);
        float[] expected = KerasReference.run(model, in, h, w);
        assertThat(TestFiles.maxAbsDiff(out.values(), expected)).isLessThan(1e-3);
    }

    @Test
    void stridedSameConvolutionPadsLikeTensorflow() throws Exception {
        TfjsModel model = TfjsModel.read(new TinyTfjs()
                .input("in", 3)
                .conv("down", "in", 3, 4, 3, 2, "same", "relu", null)
                .upsample("up", "down", 2)
                .conv("out", "up", 4, 3, 3, 1, "same", "linear", null)
                .write(dir, "in", "out"));
        TfjsToOnnx.Conversion conversion = TfjsToOnnx.convert(model, Map.of());
        assertThat(conversion.scale()).isEqualTo(1);
        float[] in = new float[9 * 6 * 3];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) Math.cos(i) * 100;
        }
        Ort.Result out = Ort.run(OnnxWriter.toBytes(conversion.model()), TfjsToOnnx.INPUT, in, 1, 9, 6, 3);
        assertThat(out.shape()).containsExactly(1, 10, 6, 3); // ceil(9/2)*2, ceil(6/2)*2
        assertThat(TestFiles.maxAbsDiff(out.values(), KerasReference.run(model, in, 9, 6)))
                .isLessThan(1e-3);
    }

    @Test
    void refusesAnUnsupportedLayerNamingItsTypeAndName() throws Exception {
        Path model = new TinyTfjs()
                .input("in", 3)
                .other("BatchNormalization", "bn", "in")
                .write(dir, "in", "bn");
        assertThatThrownBy(() -> TfjsModel.read(model))
                .isInstanceOf(TfjsFormatException.class)
                .hasMessageContaining("'bn'")
                .hasMessageContaining("BatchNormalization");
    }

    @Test
    void refusesUnsupportedOptionsNamingTheOption() throws Exception {
        Path dilated = new TinyTfjs()
                .input("in", 3)
                .conv("c", "in", 3, 3, 3, 1, "same", "linear", c -> c.putArray("dilation_rate")
                        .add(2)
                        .add(2))
                .write(dir.resolve("dilated"), "in", "c");
        assertThatThrownBy(() -> TfjsModel.read(dilated))
                .hasMessageContaining("'c'")
                .hasMessageContaining("dilation_rate");

        Path sigmoid = new TinyTfjs()
                .input("in", 3)
                .conv("c", "in", 3, 3, 3, 1, "same", "sigmoid", null)
                .write(dir.resolve("sigmoid"), "in", "c");
        assertThatThrownBy(() -> TfjsModel.read(sigmoid)).hasMessageContaining("activation 'sigmoid'");

        Path causal = new TinyTfjs()
                .input("in", 3)
                .conv("c", "in", 3, 3, 3, 1, "causal", "linear", null)
                .write(dir.resolve("causal"), "in", "c");
        assertThatThrownBy(() -> TfjsModel.read(causal)).hasMessageContaining("padding 'causal'");

        Path bilinear =
                new TinyTfjs().input("in", 3).upsample("up", "in", 2).write(dir.resolve("bilinear"), "in", "up");
        String json =
                java.nio.file.Files.readString(bilinear.resolve("model.json")).replace("\"nearest\"", "\"bilinear\"");
        java.nio.file.Files.writeString(bilinear.resolve("model.json"), json);
        assertThatThrownBy(() -> TfjsModel.read(bilinear)).hasMessageContaining("interpolation 'bilinear'");
    }
}
