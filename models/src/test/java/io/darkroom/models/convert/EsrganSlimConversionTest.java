package io.darkroom.models.convert;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.models.onnx.OnnxWriter;
import io.darkroom.models.testing.KerasReference;
import io.darkroom.models.testing.Ort;
import io.darkroom.models.testing.TestFiles;
import io.darkroom.models.testing.UpscalerPackages;
import io.darkroom.models.tfjs.TfjsModel;
import java.nio.file.Path;
import java.util.Map;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The converter is right when ONNX Runtime reproduces TensorFlow.js' own outputs of esrgan-slim x2
 * (samples/reference/esrgan-slim-x2, raw and unclipped) within 1e-3.
 */
class EsrganSlimConversionTest {

    private static final Logger LOG = Logger.getLogger(EsrganSlimConversionTest.class);
    private static final double TOLERANCE = 1e-3;

    private static TfjsModel model;
    private static byte[] onnx;
    private static Path reference;

    @BeforeAll
    static void convert() throws Exception {
        model = TfjsModel.read(UpscalerPackages.modelDir(UpscalerPackages.SLIM, 2));
        TfjsToOnnx.Conversion conversion = TfjsToOnnx.convert(model, Map.of());
        assertThat(conversion.scale()).isEqualTo(2);
        onnx = OnnxWriter.toBytes(conversion.model());
        reference =
                TestFiles.repoRoot().resolve("samples/reference/esrgan-slim-x2").normalize();
    }

    @ParameterizedTest(name = "{0} [{1}x{1}]")
    @CsvSource({"synth32, 32", "crop64_gopro_n150, 64", "crop64_androidx_n1800_black, 64"})
    void onnxRuntimeReproducesTensorflowJs(String input, int size) throws Exception {
        float[] in = TestFiles.readF32(reference.resolve(input + "_input.f32"));
        float[] expected = TestFiles.readF32(reference.resolve(input + "_output.f32"));
        assertThat(in).hasSize(size * size * 3);

        Ort.Result out = Ort.run(onnx, TfjsToOnnx.INPUT, in, 1, size, size, 3);

        assertThat(out.shape()).containsExactly(1, 2L * size, 2L * size, 3);
        double diff = TestFiles.maxAbsDiff(out.values(), expected);
        LOG.infof("esrgan-slim x2 %s: max |ONNX Runtime - TensorFlow.js| = %.3g", input, diff);
        assertThat(diff).as("max abs difference on %s", input).isLessThan(TOLERANCE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"synth32, 32"})
    void theJavaReferenceForwardPassAgreesWithTensorflowJs(String input, int size) throws Exception {
        // grounds KerasReference, which EsrganMediumConversionTest uses where no TensorFlow.js output exists
        float[] in = TestFiles.readF32(reference.resolve(input + "_input.f32"));
        float[] expected = TestFiles.readF32(reference.resolve(input + "_output.f32"));
        assertThat(TestFiles.maxAbsDiff(KerasReference.run(model, in, size, size), expected))
                .isLessThan(TOLERANCE);
    }
}
