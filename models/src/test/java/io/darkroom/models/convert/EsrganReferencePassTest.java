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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The models without TensorFlow.js reference outputs in samples/reference/ (esrgan-medium, other scales) against the Java
 * reference forward pass, which EsrganSlimConversionTest grounds against TensorFlow.js.
 */
class EsrganReferencePassTest {

    private static final Logger LOG = Logger.getLogger(EsrganReferencePassTest.class);

    @ParameterizedTest(name = "{0} x{1} on a {2}x{2} GoPro crop")
    @CsvSource({
        UpscalerPackages.MEDIUM + ", 2, 24",
        UpscalerPackages.SLIM + ", 3, 12",
        UpscalerPackages.SLIM + ", 4, 12"
    })
    void onnxRuntimeMatchesTheReferenceForwardPass(String spec, int scale, int n) throws Exception {
        TfjsModel model = TfjsModel.read(UpscalerPackages.modelDir(spec, scale));
        TfjsToOnnx.Conversion conversion = TfjsToOnnx.convert(model, Map.of());
        assertThat(conversion.scale()).isEqualTo(scale);

        Path ref =
                TestFiles.repoRoot().resolve("samples/reference/esrgan-slim-x2").normalize();
        float[] crop = TestFiles.readF32(ref.resolve("crop64_gopro_n150_input.f32"));
        float[] in = new float[n * n * 3];
        for (int y = 0; y < n; y++) {
            System.arraycopy(crop, y * 64 * 3, in, y * n * 3, n * 3);
        }
        Ort.Result out = Ort.run(OnnxWriter.toBytes(conversion.model()), TfjsToOnnx.INPUT, in, 1, n, n, 3);
        assertThat(out.shape()).containsExactly(1, (long) scale * n, (long) scale * n, 3);
        double diff = TestFiles.maxAbsDiff(out.values(), KerasReference.run(model, in, n, n));
        LOG.infof("%s x%d: max |ONNX Runtime - reference| = %.3g", spec, scale, diff);
        assertThat(diff).isLessThan(1e-3);
    }
}
