package io.darkroom.models.upscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import io.darkroom.contracts.ops.Op.Upscale.Device;
import io.darkroom.contracts.ops.Op.Upscale.Precision;
import io.darkroom.models.registry.ModelMetadata;
import io.darkroom.models.testing.UpscaleModels;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

class TiledUpscalerTest {

    private static final Logger LOG = Logger.getLogger(TiledUpscalerTest.class);
    /** Largest |tiled - one tile| allowed on esrgan-slim, in 8-bit code values (measured 2026-11: see README). */
    static final double ESRGAN_SEAM_BOUND_8BIT = 0.3;

    private static TiledUpscaler local(int tile, int overlap) {
        return TiledUpscaler.open(
                UpscaleModels.metadata("local-x2", 2),
                UpscaleModels.localX2(),
                TiledUpscaler.Options.defaults().withTile(tile, overlap).withThreads(2));
    }

    @Test
    void aPurelyLocalModelGivesTheSameValuesTiledAndWhole() {
        RgbImage in = UpscaleModels.smooth(101, 67); // sizes that are not multiples of the tile step
        RgbImage tiled;
        RgbImage whole;
        try (TiledUpscaler t = local(32, 8);
                TiledUpscaler w = local(512, 8)) {
            tiled = t.upscale(in);
            assertThat(t.stats().tiles()).as("tiles of a 101x67 picture").isGreaterThan(6);
            whole = w.upscale(in);
            assertThat(w.stats().tiles()).isEqualTo(1);
            assertThat(t.executionProvider()).isEqualTo(TiledUpscaler.CPU_PROVIDER);
        }
        assertThat(tiled.width()).isEqualTo(202);
        assertThat(tiled.height()).isEqualTo(134);
        double maxTiledVsWhole = 0;
        double maxVsExpected = 0;
        for (int y = 0; y < 134; y++) {
            for (int x = 0; x < 202; x++) {
                for (int c = 0; c < 3; c++) {
                    // the model: out = M * (255 rgb) + b, nearest x2, back to 0..1
                    double expected = UpscaleModels.BIAS[c];
                    for (int k = 0; k < 3; k++) {
                        expected += UpscaleModels.MATRIX[c * 3 + k] * 255.0 * in.get(k, x / 2, y / 2);
                    }
                    expected /= 255.0;
                    maxVsExpected = Math.max(maxVsExpected, Math.abs(tiled.get(c, x, y) - expected));
                    maxTiledVsWhole = Math.max(maxTiledVsWhole, Math.abs(tiled.get(c, x, y) - whole.get(c, x, y)));
                }
            }
        }
        LOG.infof(
                "local x2 model, tile 32 overlap 8: max |tiled - whole| = %.3g, max |tiled - exact| = %.3g",
                maxTiledVsWhole, maxVsExpected);
        assertThat(maxTiledVsWhole).isLessThan(1e-5);
        assertThat(maxVsExpected).isLessThan(1e-5);
    }

    @Test
    void esrganSlimTiledMatchesOneTileAcrossTileBorders() throws Exception {
        RgbImage in = UpscaleModels.goproFrame().crop(300, 150, 150, 110);
        double[] at16 = null;
        for (int overlap : new int[] {8, 16, 32}) {
            double[] d = tiledVsWhole(in, 64, overlap);
            LOG.infof(
                    "esrgan-slim x2 on a 150x110 GoPro crop, tile 64 overlap %d vs one tile: max |diff| = %.3f, "
                            + "mean %.4f (8-bit code values)",
                    overlap, d[0], d[1]);
            if (overlap == 16) {
                at16 = d;
            }
        }
        assertThat(at16[0]).as("largest difference in 8-bit code values").isLessThan(ESRGAN_SEAM_BOUND_8BIT);
        assertThat(at16[1]).as("mean difference in 8-bit code values").isLessThan(0.01);
    }

    /** Max and mean |tiled - one tile| in 8-bit code values. */
    private static double[] tiledVsWhole(RgbImage in, int tile, int overlap) throws Exception {
        TiledUpscaler.Options options = TiledUpscaler.Options.defaults().withThreads(2);
        RgbImage tiled;
        RgbImage whole;
        try (TiledUpscaler t = UpscaleModels.esrgan(options.withTile(tile, overlap));
                TiledUpscaler w = UpscaleModels.esrgan(options.withTile(512, overlap))) {
            tiled = t.upscale(in);
            whole = w.upscale(in);
            assertThat(t.stats().tiles()).isGreaterThan(4);
            assertThat(w.stats().tiles()).isEqualTo(1);
        }
        double max = 0;
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            float[] a = tiled.plane(c);
            float[] b = whole.plane(c);
            for (int i = 0; i < a.length; i++) {
                double d = Math.abs(a[i] - b[i]);
                max = Math.max(max, d);
                sum += d;
            }
        }
        return new double[] {max * 255, sum / (3.0 * tiled.width() * tiled.height()) * 255};
    }

    @Test
    void tileOriginsCoverTheExtendedPictureAndTheRampsCrossFade() {
        assertThat(TiledUpscaler.origins(100, 32, 8)).containsExactly(0, 24, 48, 68);
        assertThat(TiledUpscaler.origins(30, 32, 8)).containsExactly(0);
        float[] left = TiledUpscaler.ramp(32, 2, 8, false, true);
        float[] right = TiledUpscaler.ramp(32, 2, 8, true, false);
        // tile A at 0 and tile B at 24 (input px) share output pixels 48..63: weights sum to 1 there
        for (int i = 48; i < 64; i++) {
            assertThat(left[i] + right[i - 48]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
        }
        assertThat(left[0]).isEqualTo(1f);
        assertThat(left[60]).isEqualTo(0f); // the outer quarter of the overlap (4 output px) is left out
        assertThat(left[63]).isEqualTo(0f);
        assertThat(left[59]).isGreaterThan(0f);
    }

    @Test
    void fp16IsRefusedForAModelWithoutAFloat16VariantNamingIt() {
        TiledUpscaler.Options fp16 = TiledUpscaler.Options.defaults().withPrecision(Precision.FP16);
        for (Device device : new Device[] {Device.CPU, Device.AUTO}) {
            assertThatThrownBy(() -> TiledUpscaler.open(
                            UpscaleModels.metadata("team-model-x2", 2),
                            UpscaleModels.localX2(),
                            fp16.withDevice(device)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("model team-model-x2: precision fp16 needs the model's float16 variant")
                    .hasMessageContaining("use precision fp32");
        }
        // a registry model that has a variant, opened from its float32 bytes: told how to get the variant
        ModelMetadata withVariant = UpscaleModels.metadata("local-x2", 2)
                .withFp16(new ModelMetadata.Variant("local-x2.fp16.onnx", "00".repeat(32)));
        assertThatThrownBy(() -> TiledUpscaler.open(withVariant, UpscaleModels.localX2(), fp16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model local-x2: precision fp16 runs its float16 variant (local-x2.fp16.onnx)")
                .hasMessageContaining("TiledUpscaler.open(VerifiedModel, options)");
        // and the other way round: the float16 variant's bytes are not run as fp32
        assertThatThrownBy(() -> TiledUpscaler.open(
                        UpscaleModels.metadata("local-x2", 2),
                        UpscaleModels.localX2Fp16(),
                        TiledUpscaler.Options.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model local-x2: these are the bytes of its float16 variant");
    }

    @Test
    void theFloat16VariantRunsOnTheCpuWithinHalfPrecision() {
        RgbImage in = UpscaleModels.smooth(101, 67);
        RgbImage fp16;
        RgbImage fp32;
        TiledUpscaler.Options options =
                TiledUpscaler.Options.defaults().withTile(32, 8).withThreads(2);
        try (TiledUpscaler h = TiledUpscaler.open(
                        UpscaleModels.metadata("local-x2", 2),
                        UpscaleModels.localX2Fp16(),
                        options.withPrecision(Precision.FP16));
                TiledUpscaler f = local(32, 8)) {
            assertThat(h.executionProvider()).isEqualTo(TiledUpscaler.CPU_PROVIDER);
            fp16 = h.upscale(in);
            fp32 = f.upscale(in);
        }
        double max = 0;
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < fp16.plane(c).length; i++) {
                max = Math.max(max, Math.abs(fp16.plane(c)[i] - fp32.plane(c)[i]));
            }
        }
        LOG.infof("local x2 model, float16 variant vs float32: max |diff| = %.3g (%.4f 8-bit codes)", max, max * 255);
        // half precision carries 11 significant bits: outputs of 256..512 (model units, 0..255 = one 8-bit code
        // each) land on steps of 1/4, so rounding alone moves them up to 0.125; the weights (1.1 becomes 1.0996)
        // and the inputs (steps of 1/8 above 128) add up to 0.11 and 0.07 more. Measured 0.27; it must differ
        // from fp32 at all (these are the half file's numbers) and stay under half a code.
        assertThat(max * 255)
                .as("max |fp16 - fp32| in 8-bit codes")
                .isGreaterThan(1e-3)
                .isLessThan(0.5);
    }

    @Test
    void autoAndGpuFallBackToTheCpuWithoutCuda() {
        boolean cuda = OrtEnvironment.getEnvironment().getAvailableProviders().contains(OrtProvider.CUDA);
        try (TiledUpscaler auto = TiledUpscaler.open(
                UpscaleModels.metadata("local-x2", 2),
                UpscaleModels.localX2(),
                TiledUpscaler.Options.defaults().withDevice(Device.AUTO))) {
            if (!cuda) {
                assertThat(auto.executionProvider()).isEqualTo(TiledUpscaler.CPU_PROVIDER);
            }
            RgbImage out = auto.upscale(RgbImage.filled(10, 10, 0.5f, 0.5f, 0.5f));
            assertThat(out.width()).isEqualTo(20);
        }
    }

    @Test
    void optionsRefuseAnOverlapLargerThanHalfATile() {
        assertThatThrownBy(() -> TiledUpscaler.Options.defaults().withTile(32, 17))
                .hasMessageContaining("overlap must be 0..16");
    }
}
