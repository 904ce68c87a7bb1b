package io.darkroom.models.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.darkroom.models.testing.UpscaleModels;
import io.darkroom.models.upscale.RgbImage;
import java.util.Random;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private static final Logger LOG = Logger.getLogger(MetricsTest.class);

    @Test
    void identicalPicturesHaveInfinitePsnrAndSsimOne() {
        RgbImage a = UpscaleModels.smooth(64, 48);
        assertThat(Metrics.psnr(a, a)).isInfinite().isPositive();
        assertThat(Metrics.ssim(a, a)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void gaussianNoiseOfKnownPowerGivesTheExpectedPsnr() {
        // sigma 0.01 on mid grey (no clipping): MSE 1e-4, PSNR 40 dB; sigma 0.05: 26.02 dB
        for (double sigma : new double[] {0.01, 0.05}) {
            RgbImage clean = RgbImage.filled(256, 256, 0.5f, 0.5f, 0.5f);
            RgbImage noisy = RgbImage.filled(256, 256, 0.5f, 0.5f, 0.5f);
            Random random = new Random(7);
            for (int c = 0; c < 3; c++) {
                float[] p = noisy.plane(c);
                for (int i = 0; i < p.length; i++) {
                    p[i] += (float) (random.nextGaussian() * sigma);
                }
            }
            double expected = -20 * Math.log10(sigma);
            double psnr = Metrics.psnr(clean, noisy);
            double ssim = Metrics.ssim(clean, noisy);
            LOG.infof(
                    "gaussian noise sigma %.2f: PSNR %.3f dB (expected %.3f), SSIM %.4f", sigma, psnr, expected, ssim);
            assertThat(psnr).isCloseTo(expected, within(0.1));
            assertThat(ssim).isLessThan(1.0).isGreaterThan(0.0);
        }
    }

    @Test
    void ssimDropsWithStructureLossButNotWithIdenticalStructure() {
        RgbImage a = UpscaleModels.smooth(64, 64);
        RgbImage flat = RgbImage.filled(64, 64, 0.5f, 0.5f, 0.5f);
        assertThat(Metrics.ssim(a, flat)).isLessThan(0.5);
    }
}
