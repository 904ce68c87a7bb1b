package io.darkroom.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.models.testing.TinyOnnx;
import org.junit.jupiter.api.Test;

class OnnxInspectorTest {

    @Test
    void readsTheInterfaceOfAWrittenModel() {
        byte[] bytes = OnnxWriter.toBytes(TinyOnnx.identity(
                "image",
                "upscaled",
                new OnnxModel.Fixed(1),
                new OnnxModel.Fixed(3),
                new OnnxModel.Symbolic("h"),
                new OnnxModel.Symbolic("w")));
        OnnxInspector.Signature s = OnnxInspector.inspect(bytes);
        assertThat(s.irVersion()).isEqualTo(8);
        assertThat(s.opsetVersion()).isEqualTo(17);
        assertThat(s.inputs()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("image");
            assertThat(t.elemType()).isEqualTo(1);
            assertThat(t.dims()).containsExactly(1, 3, -1, -1);
            assertThat(t.dimNames()).containsExactly("", "", "h", "w");
            assertThat(t.guessLayout()).isEqualTo("NCHW");
        });
        assertThat(s.outputs()).extracting(OnnxInspector.TensorInfo::name).containsExactly("upscaled");
    }

    @Test
    void refusesBytesThatAreNotAnOnnxModel() {
        assertThatThrownBy(() -> OnnxInspector.inspect(new byte[] {8, 8}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an ONNX model");
        assertThatThrownBy(() -> OnnxInspector.inspect("{\"json\": true}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an ONNX model");
    }
}
