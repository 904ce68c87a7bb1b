package io.darkroom.models.upscale;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.models.eval.Metrics;
import io.darkroom.models.testing.UpscaleModels;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

class ResamplerTest {

    private static final Logger LOG = Logger.getLogger(ResamplerTest.class);

    @Test
    void aConstantPictureStaysExactlyConstant() {
        RgbImage flat = RgbImage.filled(37, 23, 0.25f, 0.5f, 0.875f);
        for (Upscaler u : new Upscaler[] {new LanczosUpscaler(2), new BicubicUpscaler(2), new LanczosUpscaler(3)}) {
            RgbImage out = u.upscale(flat);
            assertThat(out.width()).isEqualTo(37 * u.scale());
            assertThat(out.height()).isEqualTo(23 * u.scale());
            float[] expected = {0.25f, 0.5f, 0.875f};
            for (int c = 0; c < 3; c++) {
                for (float v : out.plane(c)) {
                    assertThat(v).as(u.name()).isCloseTo(expected[c], org.assertj.core.data.Offset.offset(1e-6f));
                }
            }
        }
    }

    @Test
    void lanczosAndBicubicBeatNearestOnASmoothPicture() {
        RgbImage original = UpscaleModels.smooth(128, 96);
        RgbImage small = Resampler.areaDownscale(original, 2);
        assertThat(small.width()).isEqualTo(64);
        double lanczos = Metrics.psnr(original, new LanczosUpscaler(2).upscale(small));
        double bicubic = Metrics.psnr(original, new BicubicUpscaler(2).upscale(small));
        double nearest = Metrics.psnr(original, nearest(small, 2));
        LOG.infof(
                "smooth 128x96 shrunk x2 and back: PSNR lanczos3 %.2f dB, bicubic %.2f dB, nearest %.2f dB",
                lanczos, bicubic, nearest);
        assertThat(lanczos).isGreaterThan(nearest + 3);
        assertThat(bicubic).isGreaterThan(nearest + 3);
    }

    @Test
    void areaDownscaleAveragesBlocks() {
        RgbImage in = RgbImage.fromCodes(2, 2, new int[] {0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 255, 0}, 8);
        RgbImage out = Resampler.areaDownscale(in, 2);
        assertThat(out.get(0, 0, 0)).isEqualTo(0.5f);
        assertThat(out.get(1, 0, 0)).isEqualTo(0.5f);
        assertThat(out.get(2, 0, 0)).isEqualTo(0.25f);
    }

    private static RgbImage nearest(RgbImage in, int s) {
        RgbImage out = RgbImage.blank(in.width() * s, in.height() * s);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < out.height(); y++) {
                for (int x = 0; x < out.width(); x++) {
                    out.plane(c)[y * out.width() + x] = in.get(c, x / s, y / s);
                }
            }
        }
        return out;
    }
}
