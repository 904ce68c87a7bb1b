package io.darkroom.models.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.models.testing.UpscaleModels;
import io.darkroom.models.upscale.BicubicUpscaler;
import io.darkroom.models.upscale.LanczosUpscaler;
import io.darkroom.models.upscale.RgbImage;
import io.darkroom.models.upscale.TiledUpscaler;
import io.darkroom.models.upscale.Upscaler;
import java.util.List;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/** The evaluator on two real frames of the GoPro clip (read in place), model vs lanczos3 vs bicubic. */
class ModelEvaluatorTest {

    private static final Logger LOG = Logger.getLogger(ModelEvaluatorTest.class);

    @Test
    void scoresTheModelLanczosAndBicubicOnTwoGoproFrames() throws Exception {
        List<RgbImage> frames = ClipFrames.spread(UpscaleModels.goproClip(), 2);
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0).width()).isEqualTo(848);
        assertThat(frames.get(0).height()).isEqualTo(480);
        try (TiledUpscaler model =
                UpscaleModels.esrgan(TiledUpscaler.Options.defaults().withThreads(2))) {
            List<Upscaler> methods = List.of(model, new LanczosUpscaler(2), new BicubicUpscaler(2));
            ModelEvaluator.Report report = ModelEvaluator.evaluate(frames, 2, methods);
            LOG.infof(
                    "evaluation of esrgan-slim-x2 on 2 frames of gopro_max_h264_tmcd_gpmf.mp4 (%s):%n%s",
                    model.executionProvider(), report.table());
            assertThat(report.scores())
                    .extracting(ModelEvaluator.Score::method)
                    .containsExactly("esrgan-slim-x2", "lanczos3", "bicubic");
            for (ModelEvaluator.Score s : report.scores()) {
                assertThat(s.psnr()).as(s.method() + " PSNR").isBetween(20.0, 60.0);
                assertThat(s.ssim()).as(s.method() + " SSIM").isBetween(0.5, 1.0);
            }
            // lanczos3 has the sharper kernel than bicubic (a = -0.5): it should not score far below it
            assertThat(report.score("lanczos3").psnr())
                    .isGreaterThan(report.score("bicubic").psnr() - 0.5);
        }
    }

    @Test
    void ppmFramesKeepSixteenBits() {
        byte[] header = "P6\n# c\n1 1\n65535\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] data = new byte[header.length + 6];
        System.arraycopy(header, 0, data, 0, header.length);
        int[] samples = {0x8020, 0x0001, 0xffff};
        for (int i = 0; i < 3; i++) {
            data[header.length + 2 * i] = (byte) (samples[i] >> 8);
            data[header.length + 2 * i + 1] = (byte) samples[i];
        }
        RgbImage img = ClipFrames.readPpm(data);
        assertThat(img.toCodes(16)).containsExactly(0x8020, 1, 0xffff);
    }
}
