package io.darkroom.models.upscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.contracts.ops.Op.Upscale.Precision;
import io.darkroom.models.convert.TfjsImporter;
import io.darkroom.models.registry.ModelMetadata;
import io.darkroom.models.registry.ModelRegistry;
import io.darkroom.models.registry.ModelRegistryException;
import io.darkroom.models.registry.VerifiedModel;
import io.darkroom.models.testing.UpscaleModels;
import io.darkroom.models.testing.UpscalerPackages;
import io.darkroom.provenance.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * esrgan-slim x2 imported from npm into a registry (float32 file and float16 variant), run through
 * {@link TiledUpscaler} at fp32 and fp16 on the CPU.
 */
class Fp16UpscaleTest {

    private static final Logger LOG = Logger.getLogger(Fp16UpscaleTest.class);
    /**
     * Largest |fp16 - fp32| on the GoPro frame, 8-bit code values, raw model output: measured 0.165 (ONNX Runtime
     * 1.23.2, CPU; see README). The 8-bit source's codes are exact in float16; the output of 128..255 is rounded to
     * steps of 1/8 (at most 0.0625), and the float16 weights (relative error up to 2^-11 each, through 12
     * convolutions) make the rest. Bound: under half a code, so a rounded 8-bit pixel moves by at most one code.
     */
    static final double MAX_BOUND_8BIT = 0.4;
    /** Mean |fp16 - fp32| over the frame, 8-bit code values: measured 0.0203, bound 2.5 times that. */
    static final double MEAN_BOUND_8BIT = 0.05;

    @TempDir
    Path tmp;

    private ModelRegistry importSlim() throws Exception {
        ModelRegistry registry = new ModelRegistry(tmp.resolve("models"));
        TfjsImporter.importInto(registry, UpscalerPackages.modelDir(UpscalerPackages.SLIM, 2), null);
        return registry;
    }

    @Test
    void fp16GivesTheSamePictureAsFp32OnTheGoproFrame() throws Exception {
        ModelRegistry registry = importSlim();
        VerifiedModel model = registry.load("esrgan-slim-x2");
        ModelMetadata m = model.metadata();
        assertThat(m.fp16()).isNotNull();
        assertThat(m.fp16().file()).isEqualTo("esrgan-slim-x2.fp16.onnx");
        Path fp16File = registry.directory().resolve(m.fp16().file());
        assertThat(m.fp16().sha256()).isEqualTo(Sha256.of(Files.readAllBytes(fp16File)));
        LOG.infof(
                "esrgan-slim-x2: float32 file %d bytes, float16 variant %d bytes",
                Files.size(model.file()), Files.size(fp16File));
        assertThat(Files.size(fp16File)).isLessThan(Files.size(model.file()) * 6 / 10);

        RgbImage frame = UpscaleModels.goproFrame();
        TiledUpscaler.Options options =
                TiledUpscaler.Options.defaults().withTile(128, 16).withThreads(2);
        RgbImage fp32;
        RgbImage fp16;
        try (TiledUpscaler f = TiledUpscaler.open(model, options)) {
            fp32 = f.upscale(frame);
        }
        // the same VerifiedModel (the float32 file): fp16 loads the variant from the registry
        try (TiledUpscaler h = TiledUpscaler.open(model, options.withPrecision(Precision.FP16))) {
            assertThat(h.executionProvider()).isEqualTo(TiledUpscaler.CPU_PROVIDER);
            fp16 = h.upscale(frame);
        }
        double max = 0;
        double sum = 0;
        int[] codes32 = fp32.toCodes(8);
        int[] codes16 = fp16.toCodes(8);
        long codesDiffer = 0;
        int maxCodeDiff = 0;
        for (int c = 0; c < 3; c++) {
            float[] a = fp32.plane(c);
            float[] b = fp16.plane(c);
            for (int i = 0; i < a.length; i++) {
                double d = Math.abs(a[i] - b[i]) * 255;
                max = Math.max(max, d);
                sum += d;
            }
        }
        for (int i = 0; i < codes32.length; i++) {
            int d = Math.abs(codes32[i] - codes16[i]);
            maxCodeDiff = Math.max(maxCodeDiff, d);
            codesDiffer += d == 0 ? 0 : 1;
        }
        double mean = sum / (3.0 * fp32.width() * fp32.height());
        LOG.infof(
                "esrgan-slim x2 on the %dx%d GoPro frame, tile 128 overlap 16, fp16 variant vs fp32: max |diff| = "
                        + "%.3f, mean %.4f (8-bit code values, raw); as 8-bit pixels: max %d code(s), %.3f %% of samples "
                        + "differ",
                frame.width(), frame.height(), max, mean, maxCodeDiff, 100.0 * codesDiffer / codes32.length);
        assertThat(fp16.width()).isEqualTo(2 * frame.width());
        assertThat(max).as("max |fp16 - fp32| in 8-bit codes").isGreaterThan(0).isLessThan(MAX_BOUND_8BIT);
        assertThat(mean).as("mean |fp16 - fp32| in 8-bit codes").isLessThan(MEAN_BOUND_8BIT);
        assertThat(maxCodeDiff).as("8-bit pixels, clipped and rounded").isLessThanOrEqualTo(1);
    }

    @Test
    void aChangedFloat16FileIsRefusedLikeTheFloat32One() throws Exception {
        ModelRegistry registry = importSlim();
        ModelMetadata m = registry.metadata("esrgan-slim-x2");
        Path stored = registry.fp16File("esrgan-slim-x2");
        byte[] bytes = Files.readAllBytes(stored);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(stored, bytes);
        TiledUpscaler.Options fp16 = TiledUpscaler.Options.defaults().withPrecision(Precision.FP16);

        assertThatThrownBy(() -> TiledUpscaler.open(registry.load("esrgan-slim-x2"), fp16))
                .isInstanceOf(ModelRegistryException.class)
                .satisfies(e -> assertThat(((ModelRegistryException) e).problem())
                        .isEqualTo(ModelRegistryException.Problem.HASH_MISMATCH))
                .hasMessageContaining("esrgan-slim-x2 (float16 variant)")
                .hasMessageContaining(m.fp16().sha256())
                .hasMessageContaining(Sha256.of(bytes));
        // the float32 file is untouched and still opens
        try (TiledUpscaler f = TiledUpscaler.open(registry.load("esrgan-slim-x2"), TiledUpscaler.Options.defaults())) {
            assertThat(f.upscale(RgbImage.filled(8, 8, 0.5f, 0.5f, 0.5f)).width())
                    .isEqualTo(16);
        }
    }

    @Test
    void aBringYourOwnModelHasNoFloat16VariantAndFp16IsRefusedNamingIt() throws Exception {
        ModelRegistry registry = new ModelRegistry(tmp.resolve("models"));
        Path onnx = Files.write(tmp.resolve("team.onnx"), UpscaleModels.localX2());
        registry.register(onnx, UpscaleModels.metadata("team-upscaler-x2", 2));
        VerifiedModel model = registry.load("team-upscaler-x2");
        assertThat(model.metadata().fp16()).isNull();

        assertThatThrownBy(() -> TiledUpscaler.open(
                        model, TiledUpscaler.Options.defaults().withPrecision(Precision.FP16)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model team-upscaler-x2: precision fp16 needs the model's float16 variant")
                .hasMessageContaining("bring-your-own");
        assertThatThrownBy(() -> registry.loadFloat16("team-upscaler-x2"))
                .isInstanceOf(ModelRegistryException.class)
                .hasMessageContaining("model 'team-upscaler-x2' has no float16 variant");
    }
}
