package io.darkroom.process.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.darkroom.process.domain.Approval.Score;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApprovalScoresTest {

    @Test
    void aClipsScoresAreTheMeanOfItsFramesAndTheSumOfTheirTimes() {
        List<List<Score>> frames = List.of(
                List.of(new Score("esrgan-slim-x2", 30.0, 0.90, 1.0), new Score("lanczos3", 31.0, 0.92, 0.1)),
                List.of(new Score("esrgan-slim-x2", 32.0, 0.94, 2.0), new Score("lanczos3", 33.0, 0.96, 0.2)));
        List<Score> clip = ApprovalService.mean(frames);
        assertThat(clip).extracting(Score::method).containsExactly("esrgan-slim-x2", "lanczos3");
        assertThat(clip.get(0).psnr()).isCloseTo(31.0, within(1e-9));
        assertThat(clip.get(0).ssim()).isCloseTo(0.92, within(1e-9));
        assertThat(clip.get(0).seconds()).isCloseTo(3.0, within(1e-9));
        assertThat(clip.get(1).psnr()).isCloseTo(32.0, within(1e-9));
        assertThat(clip.get(1).seconds()).isCloseTo(0.3, within(1e-9));
    }
}
